import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  convertToParamMap,
  provideRouter,
  RedirectCommand,
  RouterStateSnapshot,
} from '@angular/router';
import { captureLinkToken } from './capture-link-token.guard';
import { LINK_TOKEN_KEY } from './link-token.store';

describe('captureLinkToken', () => {
  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  it('keeps the token for this tab and replaces the address with /l', () => {
    const route = {
      paramMap: convertToParamMap({ token: 'secret-token' }),
    } as ActivatedRouteSnapshot;
    const result = TestBed.runInInjectionContext(() =>
      captureLinkToken(route, {} as RouterStateSnapshot),
    );

    expect(sessionStorage.getItem(LINK_TOKEN_KEY)).toBe('secret-token');
    expect(result).toBeInstanceOf(RedirectCommand);
    const command = result as RedirectCommand;
    expect(command.redirectTo.toString()).toBe('/l');
    expect(command.navigationBehaviorOptions?.replaceUrl).toBe(true);
  });
});
