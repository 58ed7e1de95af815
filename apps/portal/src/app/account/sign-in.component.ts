import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { createFormSubmit } from '../core/form-submit';
import { AccountService } from './account.service';

// Bound wrappers: the Validators statics are methods (lint: unbound-method).
const required: ValidatorFn = (control) => Validators.required(control);

/** Log in with a username (or order email) and password, on any browser. */
@Component({
  selector: 'cp-sign-in',
  imports: [ReactiveFormsModule, RouterLink],
  styleUrl: './forms.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <article class="card" data-testid="sign-in">
      <h1>Log in</h1>
      <p>Log in to see every task your firm has sent you, with its history and documents.</p>

      <form class="form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <div class="field">
          <label for="sign-in-username">Username or e-mail address</label>
          <input
            id="sign-in-username"
            formControlName="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck="false"
            data-testid="sign-in-username"
            [attr.aria-invalid]="showMissing() && form.controls.username.invalid"
          />
        </div>
        <div class="field">
          <label for="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            type="password"
            formControlName="password"
            autocomplete="current-password"
            data-testid="sign-in-password"
            [attr.aria-invalid]="showMissing() && form.controls.password.invalid"
          />
        </div>
        @if (showMissing() && form.invalid) {
          <p class="field-error" role="alert">Please enter your username and password.</p>
        }
        @if (submission.error(); as message) {
          <div class="notice notice-error" role="alert" data-testid="sign-in-error">
            <p>{{ message }}</p>
            @if (submission.waiting()) {
              <p data-testid="sign-in-wait">You can try again in {{ submission.waitText() }}.</p>
            }
          </div>
        }
        <div class="actions">
          <button
            type="submit"
            class="button button-primary"
            data-testid="sign-in-submit"
            [disabled]="submission.blocked()"
            [attr.aria-busy]="submission.busy()"
          >
            {{ submission.busy() ? 'Logging in…' : 'Log in' }}
          </button>
        </div>
      </form>

      <section aria-labelledby="no-login-heading">
        <h2 id="no-login-heading">No login yet?</h2>
        @if (canCreate()) {
          <p>
            This browser opened your link, so you can
            <a routerLink="/account/create" data-testid="create-login-link">create a login</a>.
          </p>
        } @else {
          <p class="muted" data-testid="create-login-unavailable">
            A login is created in a browser that has your tasks open: the one where you opened your
            firm's link, or typed the reference and PIN. Choose Log in there and this section offers
            Create a login. If your tasks are on another device, open a link from your firm's
            e-mails here and press Send Access Link to bring them to this browser first. You can
            also keep using your links without a login.
          </p>
        }
        <p class="muted">
          Tasks sent with a PIN? <a routerLink="/pin">Open them with the reference and PIN</a>.
        </p>
      </section>
    </article>
  `,
})
export class SignInComponent implements OnInit {
  private readonly account = inject(AccountService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [required, Validators.maxLength(320)]],
    password: ['', [required, Validators.maxLength(128)]],
  });
  protected readonly submission = createFormSubmit({ waitUnit: 'second' });
  protected readonly showMissing = signal(false);
  protected readonly canCreate = signal(false);

  ngOnInit(): void {
    this.account
      .me()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (me) => this.canCreate.set(me.canCreateLogin),
        error: () => this.canCreate.set(false),
      });
  }

  protected submit(): void {
    if (this.submission.blocked()) return;
    if (this.form.invalid) {
      this.showMissing.set(true);
      return;
    }
    this.submission.run(this.account.signIn(this.form.getRawValue()), {
      keepBusy: true,
      next: () => void this.router.navigate(['/tasks']),
      failed: () => this.form.controls.password.reset(),
    });
  }
}
