import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { byTestId, task } from '../../testing/fixtures';
import { TaskSearchComponent } from './task-search.component';

describe('TaskSearchComponent', () => {
  it('finds tasks by text and status and pages through the rest', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(TaskSearchComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const q = byTestId(el, 'search-input') as HTMLInputElement;
    q.value = 'acme';
    q.dispatchEvent(new Event('input'));
    const status = byTestId(el, 'search-status') as HTMLSelectElement;
    status.value = 'completed';
    status.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    byTestId(el, 'search-button')!.click();
    const first = http.expectOne((r) => r.url === '/api/me/tasks/search');
    expect(first.request.params.toString()).toBe('q=acme&status=completed&offset=0&limit=20');
    first.flush({
      items: Array.from({ length: 20 }, (_, i) => task({ id: `t${i}` })),
      total: 25,
      offset: 0,
      limit: 20,
    });
    await fixture.whenStable();
    expect(byTestId(el, 'search-summary')?.textContent).toContain('Showing 20 of 25 tasks.');
    byTestId(el, 'search-more')!.click();
    const second = http.expectOne((r) => r.url === '/api/me/tasks/search');
    expect(second.request.params.get('offset')).toBe('20');
    second.flush({
      items: Array.from({ length: 5 }, (_, i) => task({ id: `u${i}` })),
      total: 25,
      offset: 20,
      limit: 20,
    });
    await fixture.whenStable();
    expect(el.querySelectorAll('[data-testid="search-item"]')).toHaveLength(25);
    expect(byTestId(el, 'search-more')).toBeNull();
    http.verify();
  });
});
