import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { BrandingService } from './core/branding.service';
import { ClientSessionService } from './core/client-session.service';

/**
 * The shell: skip link, header with the firm's name or logo (issue 13), navigation that shows
 * who is signed in, main, and the firm's contact footer on every page.
 */
@Component({
  selector: 'cp-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './app.component.html',
  styleUrl: './app.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppComponent {
  private readonly router = inject(Router);
  private readonly session = inject(ClientSessionService);
  protected readonly brand = inject(BrandingService).branding;
  protected readonly me = this.session.me;
  /** The login's username when this browser is signed in with a login, else null. */
  protected readonly signedInAs = computed(() => {
    const me = this.me();
    return me?.via === 'account' ? (me.username ?? 'you') : null;
  });
  protected readonly contact = computed(() => this.brand().contact);
  protected signingOut = false;

  constructor() {
    // Signing in or out happens on feature pages: re-read the state after each navigation.
    const sub = this.router.events
      .pipe(filter((e) => e instanceof NavigationEnd))
      .subscribe(() => void this.session.refresh());
    inject(DestroyRef).onDestroy(() => sub.unsubscribe());
  }

  protected skipToMain(event: Event, main: HTMLElement): void {
    event.preventDefault();
    main.focus();
  }

  protected async signOut(): Promise<void> {
    if (this.signingOut) return;
    this.signingOut = true;
    try {
      await this.session.signOut();
      await this.router.navigateByUrl('/');
    } finally {
      this.signingOut = false;
    }
  }

  protected telHref(phone: string): string {
    return `tel:${phone.replace(/[^+0-9]/g, '')}`;
  }
}
