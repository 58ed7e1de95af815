import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
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
import { type ApiProblem, toApiProblem } from '../core/api-problem';
import { createCountdown } from '../core/countdown';
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
            <p>{{ problem()?.message }}</p>
          </div>
          <p class="wait" data-testid="pin-wait">
            @if (wait.running()) {
              You can try again in {{ waitText() }}.
            } @else {
              You can try again now.
            }
          </p>
        } @else if (problem(); as p) {
          <div class="notice notice-error" role="alert" data-testid="pin-error">
            <p>{{ p.message }}</p>
          </div>
        }
        <div class="actions">
          <button
            type="submit"
            class="button button-primary"
            data-testid="pin-submit"
            [disabled]="busy() || wait.running()"
            [attr.aria-busy]="busy()"
          >
            {{ busy() ? 'Checking…' : 'Open my tasks' }}
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
  private readonly destroyRef = inject(DestroyRef);

  protected readonly form = inject(NonNullableFormBuilder).group({
    reference: ['', [required, Validators.pattern(/^\s*[A-Za-z0-9-]{3,16}\s*$/)]],
    pin: ['', [required, Validators.pattern(/^\s*\d[\d\s]{2,14}\d\s*$/)]],
  });
  protected readonly busy = signal(false);
  protected readonly missing = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly locked = computed(() => this.problem()?.code === 'pin_locked');
  protected readonly wait = createCountdown();
  protected readonly waitText = computed(() => waitPhrase(this.wait.seconds()));

  protected submit(): void {
    if (this.busy() || this.wait.running()) return;
    if (this.form.invalid) {
      this.missing.set(true);
      return;
    }
    this.busy.set(true);
    this.problem.set(null);
    const { reference, pin } = this.form.getRawValue();
    this.pins
      .signIn({ reference: reference.trim(), pin: pin.replace(/\s+/g, '') })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => void this.router.navigate(['/tasks']),
        error: (err: unknown) => {
          const problem = toApiProblem(err);
          this.busy.set(false);
          this.problem.set(problem);
          this.form.controls.pin.reset();
          if (problem.status === 429) this.wait.start(problem.retryAfterSeconds ?? 60);
        },
      });
  }
}

/** "14 minutes 5 seconds"-style wait, for long locks. */
export function waitPhrase(total: number): string {
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes === 0) return part(seconds, 'second');
  return seconds === 0
    ? part(minutes, 'minute')
    : `${part(minutes, 'minute')} ${part(seconds, 'second')}`;
}
