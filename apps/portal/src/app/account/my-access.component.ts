import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import type { AccessListResponse } from '@app/contracts';
import { type ApiProblem, toApiProblem } from '../core/api-problem';
import { FirmDatePipe } from '../core/firm-time';
import { createFormSubmit } from '../core/form-submit';
import { AccountService } from './account.service';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out' }
  | { kind: 'error'; problem: ApiProblem }
  | { kind: 'ok'; data: AccessListResponse };

/** My devices and sessions: the logged-in client sees and revokes any; and signs out. */
@Component({
  selector: 'cp-my-access',
  imports: [FirmDatePipe, RouterLink],
  styleUrl: './forms.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>My devices and sessions</h1>
    <p class="sr-only" role="status" aria-live="polite">{{ announcement() }}</p>
    @let s = state();
    @if (s.kind === 'loading') {
      <p class="loading" aria-busy="true" data-testid="access-loading">
        <span class="spinner" aria-hidden="true"></span> Loading&hellip;
      </p>
    } @else if (s.kind === 'signed-out') {
      <div class="card" data-testid="access-signed-out">
        <p>Please log in to see and manage the devices and sessions that can open your tasks.</p>
        <div class="actions">
          <a class="button button-primary" routerLink="/account/login">Log in</a>
        </div>
      </div>
    } @else if (s.kind === 'error') {
      <div class="card">
        <div class="notice notice-error" role="alert">
          <p data-testid="error-message">{{ s.problem.message }}</p>
        </div>
        <div class="actions">
          <button type="button" class="button" (click)="load()">Try again</button>
        </div>
      </div>
    } @else {
      <p>
        Anything you don't recognise, revoke it: it loses access at once.
        <a routerLink="/tasks">See my tasks</a>.
      </p>
      @if (submission.error(); as message) {
        <div class="notice notice-error" role="alert">
          <p>{{ message }}</p>
        </div>
      }
      <section aria-labelledby="devices-heading">
        <h2 id="devices-heading">Trusted devices</h2>
        @if (s.data.devices.length === 0) {
          <p class="muted" data-testid="devices-empty">
            No browser holds your tasks through a link.
          </p>
        } @else {
          <ul class="list" role="list" data-testid="device-list">
            @for (d of s.data.devices; track d.id) {
              <li class="item" data-testid="device-item">
                <div>
                  <p>
                    <strong>{{ d.label ?? 'Unknown browser' }}</strong>
                    @if (d.current) {
                      <span class="badge">This browser</span>
                    }
                  </p>
                  <p class="muted">
                    Last used {{ d.lastSeenAt | firmDate: 'short-datetime' }} &middot; first trusted
                    {{ d.createdAt | firmDate: 'short-date' }}
                  </p>
                </div>
                <button
                  type="button"
                  class="button"
                  data-testid="revoke-device"
                  [disabled]="submission.blocked()"
                  [attr.aria-label]="'Revoke ' + (d.label ?? 'unknown browser')"
                  (click)="revokeDevice(d.id)"
                >
                  Revoke
                </button>
              </li>
            }
          </ul>
        }
      </section>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Signed-in sessions</h2>
        @if (s.data.sessions.length === 0) {
          <p class="muted">No sessions are open.</p>
        } @else {
          <ul class="list" role="list" data-testid="session-list">
            @for (x of s.data.sessions; track x.id) {
              <li class="item" data-testid="session-item">
                <div>
                  <p>
                    <strong>{{ x.label ?? 'Unknown browser' }}</strong>
                    ({{ x.kind === 'pin' ? 'PIN' : 'login' }})
                    @if (x.current) {
                      <span class="badge">This browser</span>
                    }
                  </p>
                  <p class="muted">
                    Signed in {{ x.createdAt | firmDate: 'short-datetime' }} &middot; ends by
                    {{ x.expiresAt | firmDate: 'short-datetime' }}
                  </p>
                </div>
                @if (!x.current) {
                  <button
                    type="button"
                    class="button"
                    data-testid="revoke-session"
                    [disabled]="submission.blocked()"
                    [attr.aria-label]="'Revoke the session on ' + (x.label ?? 'unknown browser')"
                    (click)="revokeSession(x.id)"
                  >
                    Revoke
                  </button>
                }
              </li>
            }
          </ul>
        }
      </section>
      <section aria-labelledby="sign-out-heading">
        <h2 id="sign-out-heading">Sign out</h2>
        <p>Ends your login on this browser. Your links keep working.</p>
        <div class="actions">
          <button
            type="button"
            class="button button-primary"
            data-testid="sign-out"
            [disabled]="submission.blocked()"
            (click)="signOut()"
          >
            Sign out
          </button>
        </div>
      </section>
    }
  `,
})
export class MyAccessComponent implements OnInit {
  private readonly account = inject(AccountService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly state = signal<State>({ kind: 'loading' });
  /** Revoke and Sign out: one at a time, their buttons held while it runs. */
  protected readonly submission = createFormSubmit();
  protected readonly announcement = signal('');

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.state.set({ kind: 'loading' });
    this.account
      .access()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (data) => this.state.set({ kind: 'ok', data }),
        error: (err: unknown) => {
          const problem = toApiProblem(err);
          this.state.set(
            problem.status === 401 || problem.status === 403
              ? { kind: 'signed-out' }
              : { kind: 'error', problem },
          );
        },
      });
  }

  protected revokeDevice(id: string): void {
    this.revoke(this.account.revokeDevice(id), 'The device was revoked.');
  }

  protected revokeSession(id: string): void {
    this.revoke(this.account.revokeSession(id), 'The session was revoked.');
  }

  protected signOut(): void {
    this.submission.run(this.account.signOut(), {
      keepBusy: true,
      next: () => void this.router.navigate(['/account/login']),
    });
  }

  private revoke(call: ReturnType<AccountService['revokeDevice']>, done: string): void {
    this.submission.run(call, {
      next: () => {
        this.announcement.set(done);
        this.load();
      },
    });
  }
}
