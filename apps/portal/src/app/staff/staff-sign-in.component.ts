import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import {
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { createFormSubmit } from '../core/form-submit';
import { StaffSessionService } from './staff-session.service';

const required: ValidatorFn = (control) => Validators.required(control);

/** Where to go after signing in: a workspace page named in ?next=, else the inbox. */
export function afterSignIn(next: string | null): string {
  return next && /^\/staff\/(?!sign-in)[A-Za-z0-9/_?=&%.-]*$/.test(next) ? next : '/staff/inbox';
}

/** Staff sign-in: username and password; the session is a cookie the API sets. */
@Component({
  selector: 'cp-staff-sign-in',
  imports: [ReactiveFormsModule],
  styleUrl: './staff.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <article class="card" data-testid="staff-sign-in">
      <h1>Staff sign-in</h1>
      <p>Sign in with your firm username to see what is waiting across clients.</p>
      <form class="form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <div class="field">
          <label for="staff-username">Username</label>
          <input
            id="staff-username"
            formControlName="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck="false"
            data-testid="staff-username"
            [attr.aria-invalid]="showMissing() && form.controls.username.invalid"
          />
        </div>
        <div class="field">
          <label for="staff-password">Password</label>
          <input
            id="staff-password"
            type="password"
            formControlName="password"
            autocomplete="current-password"
            data-testid="staff-password"
            [attr.aria-invalid]="showMissing() && form.controls.password.invalid"
          />
        </div>
        @if (showMissing() && form.invalid) {
          <p class="field-error" role="alert">Please enter your username and password.</p>
        }
        @if (submission.error(); as message) {
          <div class="notice notice-error" role="alert" data-testid="staff-sign-in-error">
            <p>{{ message }}</p>
            @if (submission.waiting()) {
              <p>You can try again in {{ submission.waitText() }}.</p>
            }
          </div>
        }
        <div class="actions">
          <button
            type="submit"
            class="button button-primary"
            data-testid="staff-sign-in-submit"
            [disabled]="submission.blocked()"
            [attr.aria-busy]="submission.busy()"
          >
            {{ submission.busy() ? 'Signing in…' : 'Sign in' }}
          </button>
        </div>
      </form>
    </article>
  `,
})
export class StaffSignInComponent {
  private readonly sessions = inject(StaffSessionService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [required, Validators.maxLength(100)]],
    password: ['', [required, Validators.maxLength(128)]],
  });
  protected readonly submission = createFormSubmit({ waitUnit: 'second' });
  protected readonly showMissing = signal(false);

  protected submit(): void {
    if (this.submission.blocked()) return;
    if (this.form.invalid) {
      this.showMissing.set(true);
      return;
    }
    const next = afterSignIn(this.route.snapshot.queryParamMap.get('next'));
    this.submission.run(this.sessions.signIn(this.form.getRawValue()), {
      keepBusy: true,
      next: () => void this.router.navigateByUrl(next),
      failed: () => this.form.controls.password.reset(),
    });
  }
}
