import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  type ElementRef,
  inject,
  type OnInit,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { ClientMeResponse } from '@app/contracts';
import { createFormSubmit } from '../core/form-submit';
import { AccountService } from './account.service';

// Bound wrappers: the Validators statics are methods (lint: unbound-method).
const required: ValidatorFn = (control) => Validators.required(control);
const email: ValidatorFn = (control) => Validators.email(control);

type Field = 'email' | 'username' | 'password';

/**
 * Create a login: offered only to a browser that opened the client's link (or PIN). The e-mail
 * must be the order email; the server's answer is shown as it is.
 */
@Component({
  selector: 'cp-create-login',
  imports: [ReactiveFormsModule, RouterLink],
  styleUrl: './forms.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <article class="card" data-testid="create-login">
      @if (state() === 'created') {
        <h1 #createdHeading tabindex="-1">Your login is ready</h1>
      } @else {
        <h1>Create a login</h1>
      }
      @switch (state()) {
        @case ('created') {
          <div class="notice notice-success" role="status" data-testid="create-login-done">
            <p>
              You are now logged in as <strong>{{ createdAs() }}</strong>, and this browser shows
              all your tasks.
            </p>
          </div>
          <p>
            Next time, on any browser, choose Log in and enter your username (or the e-mail address
            of your order) and your password.
          </p>
          <div class="actions">
            <a class="button button-primary" routerLink="/tasks" data-testid="create-login-tasks"
              >Go to my tasks</a
            >
            <a class="button" routerLink="/account/devices">My devices and sessions</a>
          </div>
        }
        @case ('loading') {
          <p class="loading" aria-busy="true">
            <span class="spinner" aria-hidden="true"></span> Checking this browser&hellip;
          </p>
        }
        @case ('unavailable') {
          <div data-testid="create-login-unavailable">
            <p>
              A login is created in a browser that has your tasks open: the one where you opened
              your firm's link, or typed the reference and PIN. Open your tasks in this browser
              first, then come back here.
            </p>
            <p>
              If your tasks are on another device, open a link from your firm's e-mails here and
              press Send Access Link to bring them to this browser.
            </p>
            <p><a routerLink="/account/login">Log in with an existing login</a></p>
          </div>
        }
        @case ('has-login') {
          <p data-testid="create-login-exists">
            You already have a login. <a routerLink="/account/login">Log in with it</a>.
          </p>
        }
        @default {
          <p>With a login you can see all your tasks from any browser.</p>
          <div class="rule" data-testid="email-rule">
            <p>
              Use the <strong>e-mail address you placed your trademark order with</strong>. Any
              other address is refused.
            </p>
            @if (me()?.maskedEmail; as masked) {
              <p>
                We send your links to <strong>{{ masked }}</strong>.
              </p>
            }
          </div>

          <form class="form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <div class="field">
              <label for="create-email">E-mail address used for your order</label>
              <input
                id="create-email"
                type="email"
                formControlName="email"
                autocomplete="email"
                data-testid="create-email"
                aria-describedby="create-email-error"
                [attr.aria-invalid]="!!submission.fieldErrors().email"
              />
              @if (submission.fieldErrors().email; as e) {
                <p class="field-error" id="create-email-error" data-testid="create-email-error">
                  {{ e }}
                </p>
              }
            </div>
            <div class="field">
              <label for="create-username">Username</label>
              <input
                id="create-username"
                formControlName="username"
                autocomplete="username"
                autocapitalize="none"
                spellcheck="false"
                data-testid="create-username"
                aria-describedby="create-username-hint create-username-error"
                [attr.aria-invalid]="!!submission.fieldErrors().username"
              />
              <p class="hint" id="create-username-hint">
                3 to 64 letters, digits, dots, dashes or underscores.
              </p>
              @if (submission.fieldErrors().username; as e) {
                <p class="field-error" id="create-username-error">{{ e }}</p>
              }
            </div>
            <div class="field">
              <label for="create-password">Password</label>
              <input
                id="create-password"
                type="password"
                formControlName="password"
                autocomplete="new-password"
                data-testid="create-password"
                aria-describedby="create-password-hint create-password-error"
                [attr.aria-invalid]="!!submission.fieldErrors().password"
              />
              <p class="hint" id="create-password-hint">
                At least 12 characters (a few words work well). Common passwords are refused.
              </p>
              @if (submission.fieldErrors().password; as e) {
                <p class="field-error" id="create-password-error">{{ e }}</p>
              }
            </div>
            @if (submission.error(); as message) {
              <div class="notice notice-error" role="alert" data-testid="create-login-error">
                <p>{{ message }}</p>
              </div>
            }
            <div class="actions">
              <button
                type="submit"
                class="button button-primary"
                data-testid="create-login-submit"
                [disabled]="submission.blocked()"
                [attr.aria-busy]="submission.busy()"
              >
                {{ submission.busy() ? 'Creating your login…' : 'Create my login' }}
              </button>
            </div>
          </form>
        }
      }
    </article>
  `,
})
export class CreateLoginComponent implements OnInit {
  private readonly account = inject(AccountService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [required, email]],
    username: ['', [required, Validators.pattern(/^[A-Za-z0-9._-]{3,64}$/)]],
    password: ['', [required, Validators.minLength(12), Validators.maxLength(128)]],
  });
  protected readonly state = signal<'loading' | 'ready' | 'unavailable' | 'has-login' | 'created'>(
    'loading',
  );
  /** The username of the login just created (issue 13: a confirmation, then where to go). */
  protected readonly createdAs = signal('');
  private readonly createdHeading = viewChild<ElementRef<HTMLElement>>('createdHeading');
  protected readonly me = signal<ClientMeResponse | null>(null);
  /** The server's per-field messages (422), and the email and username rules beside their fields. */
  protected readonly submission = createFormSubmit<Field>({
    codeFields: { email_mismatch: 'email', username_taken: 'username' },
  });

  constructor() {
    // The confirmation replaces the form: keyboard and screen-reader focus go to its heading.
    effect(() => this.createdHeading()?.nativeElement.focus());
  }

  ngOnInit(): void {
    this.account
      .me()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (me) => {
          this.me.set(me);
          this.state.set(
            me.canCreateLogin ? 'ready' : me.via === 'account' ? 'has-login' : 'unavailable',
          );
        },
        error: () => this.state.set('unavailable'),
      });
  }

  protected submit(): void {
    if (this.submission.blocked()) return;
    const local = this.localErrors();
    if (Object.keys(local).length > 0) {
      this.submission.reject(null, local);
      return;
    }
    this.submission.run(this.account.create(this.form.getRawValue()), {
      next: (session) => {
        this.createdAs.set(session.username);
        this.state.set('created');
        this.form.controls.password.reset();
      },
    });
  }

  private localErrors(): Partial<Record<Field, string>> {
    const c = this.form.controls;
    const out: Partial<Record<Field, string>> = {};
    if (c.email.invalid) out.email = 'Enter the e-mail address you placed your order with.';
    if (c.username.invalid)
      out.username = 'Use 3 to 64 letters, digits, dots, dashes or underscores.';
    if (c.password.invalid) out.password = 'Use 12 to 128 characters.';
    return out;
  }
}
