import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import {
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { createFormSubmit } from '../core/form-submit';
import { PinService } from './pin.service';

// Bound wrappers: the Validators statics are methods (lint: unbound-method).
const required: ValidatorFn = (control) => Validators.required(control);

/** Tasks sent before the portal (SPEC rules 11-12): the reference and PIN from the e-mail. */
@Component({
  selector: 'cp-pin-entry',
  imports: [ReactiveFormsModule, RouterLink],
  styleUrl: '../account/forms.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <article class="card" data-testid="pin-entry">
      <h1>Open tasks with a PIN</h1>
      <p>
        Tasks sent to you before the portal, or with a PIN, open with the task reference and the PIN
        from the same e-mail.
      </p>
      <form class="form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <div class="field">
          <label for="pin-reference">Task reference</label>
          <input
            id="pin-reference"
            formControlName="reference"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck="false"
            data-testid="pin-reference"
            aria-describedby="pin-reference-hint"
            [attr.aria-invalid]="missing() && form.controls.reference.invalid"
          />
          <p class="hint" id="pin-reference-hint">As in the e-mail, for example T-4K7M2Q.</p>
        </div>
        <div class="field">
          <label for="pin-code">PIN</label>
          <input
            id="pin-code"
            formControlName="pin"
            inputmode="numeric"
            autocomplete="one-time-code"
            data-testid="pin-code"
            [attr.aria-invalid]="missing() && form.controls.pin.invalid"
          />
        </div>
        @if (missing() && form.invalid) {
          <p class="field-error" role="alert">
            Please enter the task reference and the PIN (digits only) from your e-mail.
          </p>
        }
        @if (locked()) {
          <div class="notice notice-error" role="alert" data-testid="pin-locked">
            <p><strong>This task is locked after too many wrong PINs.</strong></p>
            <p>{{ submission.error() }}</p>
          </div>
          <p class="wait" data-testid="pin-wait">
            @if (submission.waiting()) {
              You can try again in {{ submission.waitText() }}.
            } @else {
              You can try again now.
            }
          </p>
        } @else if (submission.error(); as message) {
          <div class="notice notice-error" role="alert" data-testid="pin-error">
            <p>{{ message }}</p>
          </div>
        }
        <div class="actions">
          <button
            type="submit"
            class="button button-primary"
            data-testid="pin-submit"
            [disabled]="submission.blocked()"
            [attr.aria-busy]="submission.busy()"
          >
            {{ submission.busy() ? 'Checking…' : 'Open my tasks' }}
          </button>
        </div>
      </form>
      <p class="muted alt-action">
        Have a login? <a routerLink="/account/login">Log in</a> to see all your tasks.
      </p>
    </article>
  `,
})
export class PinEntryComponent {
  private readonly pins = inject(PinService);
  private readonly router = inject(Router);

  protected readonly form = inject(NonNullableFormBuilder).group({
    reference: ['', [required, Validators.pattern(/^\s*[A-Za-z0-9-]{3,16}\s*$/)]],
    pin: ['', [required, Validators.pattern(/^\s*\d[\d\s]{2,14}\d\s*$/)]],
  });
  /** PIN locks last minutes: the wait reads "14 minutes 5 seconds". */
  protected readonly submission = createFormSubmit();
  protected readonly missing = signal(false);
  protected readonly locked = computed(() => this.submission.problem()?.code === 'pin_locked');

  protected submit(): void {
    if (this.submission.blocked()) return;
    if (this.form.invalid) {
      this.missing.set(true);
      return;
    }
    const { reference, pin } = this.form.getRawValue();
    this.submission.run(
      this.pins.signIn({ reference: reference.trim(), pin: pin.replace(/\s+/g, '') }),
      {
        keepBusy: true,
        next: () => void this.router.navigate(['/tasks']),
        failed: () => this.form.controls.pin.reset(),
      },
    );
  }
}
