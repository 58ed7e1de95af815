import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import type { CreatedIntegrationToken, IntegrationTokenView } from '@app/contracts';
import { toApiProblem } from '../../core/api-problem';
import { createFormSubmit } from '../../core/form-submit';
import { shortTime } from '../staff-format';
import { AdminApiService } from './admin-api.service';
import { copyText } from './copy-text';

/** Integration tokens (admins only): bearer tokens for one integration each, shown once. */
@Component({
  selector: 'cp-staff-admin-tokens',
  imports: [FormsModule],
  styleUrls: ['../staff.css', './admin.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Integration tokens</h1>
    <p class="muted">
      A docketing or practice system calls the admin API with its own token, sent as
      <code>Authorization: Bearer &lt;token&gt;</code>. It acts with the staff role. Revoke a token
      when the integration stops or the token may have leaked.
    </p>

    <section class="section" aria-labelledby="new-token-heading">
      <h2 id="new-token-heading">New token</h2>
      <form class="form" (ngSubmit)="create()" novalidate>
        <div class="field">
          <label for="token-name">Integration name</label>
          <input
            id="token-name"
            name="name"
            autocomplete="off"
            placeholder="e.g. Docketing system"
            data-testid="token-name"
            [(ngModel)]="name"
            [attr.aria-invalid]="!!submission.fieldErrors().name"
          />
          @if (submission.fieldErrors().name; as message) {
            <p class="field-error">{{ message }}</p>
          }
        </div>
        @if (submission.error(); as message) {
          <div class="notice notice-error" role="alert" data-testid="token-create-error">
            <p>{{ message }}</p>
          </div>
        }
        <div class="actions">
          <button
            type="submit"
            class="button button-primary"
            data-testid="token-create"
            [disabled]="submission.blocked()"
          >
            {{ submission.busy() ? 'Creating…' : 'Create token' }}
          </button>
        </div>
      </form>
      @if (fresh(); as t) {
        <div class="notice notice-success" role="status" data-testid="token-created">
          <p>
            <strong>Copy this token now: it is shown only this once.</strong> Store it in the
            integration's settings; anyone holding it can use the admin API as staff.
          </p>
          <code class="secret" data-testid="token-value">{{ t.token }}</code>
          <div class="confirm">
            <button type="button" class="button" data-testid="token-copy" (click)="copy(t.token)">
              Copy token
            </button>
            <span role="status">{{ copied() }}</span>
            <button type="button" class="button" (click)="fresh.set(null)">I have stored it</button>
          </div>
        </div>
      }
    </section>

    <section class="section" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Tokens</h2>
      @if (loading()) {
        <p class="loading" aria-busy="true" data-testid="tokens-loading">
          <span class="spinner" aria-hidden="true"></span>
          Loading tokens…
        </p>
      }
      @if (error(); as message) {
        <div class="notice notice-error" role="alert" data-testid="tokens-error">
          <p>{{ message }}</p>
          <button type="button" class="button" (click)="load()">Try again</button>
        </div>
      }
      @if (actionError(); as message) {
        <div class="notice notice-error" role="alert" data-testid="token-revoke-error">
          <p>{{ message }}</p>
        </div>
      }
      @if (tokens(); as list) {
        @if (list.length === 0) {
          <p class="empty" data-testid="tokens-empty">No integration tokens yet.</p>
        } @else {
          <ul class="rows" role="list" data-testid="tokens-list">
            @for (t of list; track t.id) {
              <li class="row" data-testid="tokens-item" [attr.data-name]="t.name">
                <p class="row-title">
                  {{ t.name }}
                  @if (t.revokedAt) {
                    <span class="badge badge-error">Revoked {{ time(t.revokedAt) }}</span>
                  } @else {
                    <span class="badge">Active</span>
                  }
                </p>
                <p class="meta">
                  <span>Created by {{ t.createdBy.username ?? 'a removed user' }}</span>
                  <span>Created {{ time(t.createdAt) }}</span>
                  <span>Last used: {{ t.lastUsedAt ? time(t.lastUsedAt) : 'never' }}</span>
                </p>
                @if (!t.revokedAt) {
                  @if (confirming() === t.id) {
                    <p class="confirm">
                      <span>Revoke “{{ t.name }}”? Its next request will be refused.</span>
                      <button
                        type="button"
                        class="button button-primary"
                        data-testid="token-revoke-confirm"
                        [disabled]="busy()"
                        (click)="revoke(t)"
                      >
                        Yes, revoke
                      </button>
                      <button type="button" class="button" (click)="confirming.set(null)">
                        Keep it
                      </button>
                    </p>
                  } @else {
                    <p>
                      <button
                        type="button"
                        class="link-button"
                        data-testid="token-revoke"
                        [attr.aria-label]="'Revoke ' + t.name"
                        (click)="confirming.set(t.id)"
                      >
                        Revoke
                      </button>
                    </p>
                  }
                }
              </li>
            }
          </ul>
        }
      }
    </section>
  `,
})
export class IntegrationTokensComponent implements OnInit {
  private readonly api = inject(AdminApiService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly time = shortTime;
  protected readonly tokens = signal<IntegrationTokenView[] | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly fresh = signal<CreatedIntegrationToken | null>(null);
  protected readonly copied = signal('');
  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly submission = createFormSubmit<'name'>();
  protected name = '';

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .integrationTokens()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (tokens) => {
          this.tokens.set(tokens);
          this.loading.set(false);
        },
        error: (err: unknown) => {
          this.loading.set(false);
          this.error.set(toApiProblem(err).message);
        },
      });
  }

  protected create(): void {
    const name = this.name.trim();
    if (!name) {
      this.submission.reject(null, { name: 'Please name the integration that will use it.' });
      return;
    }
    this.copied.set('');
    this.submission.run(this.api.createIntegrationToken(name), {
      next: (created) => {
        this.fresh.set(created);
        const { token: _secret, ...view } = created;
        this.tokens.update((list) => [view, ...(list ?? [])]);
        this.name = '';
      },
    });
  }

  protected copy(token: string): void {
    void copyText(token).then((ok) =>
      this.copied.set(ok ? 'Copied.' : 'Copying did not work: select the token and copy it.'),
    );
  }

  protected revoke(token: IntegrationTokenView): void {
    this.busy.set(true);
    this.actionError.set(null);
    this.api
      .revokeIntegrationToken(token.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (revoked) => {
          this.busy.set(false);
          this.confirming.set(null);
          this.tokens.update((list) =>
            (list ?? []).map((t) => (t.id === revoked.id ? revoked : t)),
          );
        },
        error: (err: unknown) => {
          this.busy.set(false);
          this.actionError.set(toApiProblem(err).message);
        },
      });
  }
}
