import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { BrandingService } from '../core/branding.service';
import { ClientSessionService } from '../core/client-session.service';

/**
 * The start page. Anonymous: how links work. With tasks open in this browser (a trusted link,
 * a PIN or a login, issue 13): who is signed in and the way to the tasks.
 */
@Component({
  selector: 'cp-home',
  imports: [RouterLink],
  template: `
    @if (me(); as me) {
      <article class="card" data-testid="home-signed-in">
        @if (me.via === 'account') {
          <h1>Welcome back, {{ me.username ?? 'there' }}</h1>
          <p>You are signed in to {{ firmName() }} with your login.</p>
        } @else {
          <h1>Your tasks from {{ firmName() }}</h1>
          <p>
            This browser holds your tasks ({{
              me.via === 'pin' ? 'opened with a PIN' : 'opened from your link'
            }}).
          </p>
        }
        <p>
          <a class="button" routerLink="/tasks" data-testid="home-tasks-link">Go to my tasks</a>
        </p>
      </article>
    } @else {
      <article class="card" data-testid="home-anonymous">
        <h1>Welcome to {{ firmName() }}</h1>
        <p>Open the link in the e-mail we sent you to see your tasks.</p>
        <p class="muted">
          Each link works once: the browser that opens it becomes your trusted device, and your
          tasks open there.
        </p>
        <p>
          <a routerLink="/tasks" data-testid="home-tasks-link"
            >I've already opened my link on this device</a
          >
        </p>
      </article>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomeComponent {
  protected readonly me = inject(ClientSessionService).me;
  private readonly branding = inject(BrandingService).branding;
  protected readonly firmName = computed(() => this.branding().name);
}
