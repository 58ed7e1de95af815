import { HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { ApiError } from '@app/contracts';
import type { Observable } from 'rxjs';
import { type ApiProblem, toApiProblem } from './api-problem';
import { type Countdown, createCountdown } from './countdown';
import { type DurationUnit, durationPhrase } from './duration';

/** Used when a 429 names no Retry-After. */
const DEFAULT_WAIT_SECONDS = 60;

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface FormSubmitOptions<F extends string> {
  /** Largest unit of `waitText` (default minutes: "1 minute 30 seconds"). */
  waitUnit?: DurationUnit;
  /** API error codes that are about one field: the server's sentence is shown beside it. */
  codeFields?: Partial<Record<string, F>>;
}

export interface SubmitHandlers<T> {
  /** Each value the call gives: an HTTP call gives one, its answer (an upload also progress). */
  next?: (value: T) => void;
  /**
   * The call failed. Runs after the problem, the field errors and a 429 wait are recorded;
   * a screen that shows the outcome another way may `clear()` them here.
   */
  failed?: (problem: ApiProblem, err: unknown) => void;
  /** Stay busy after the call completes, for a submit that navigates away. */
  keepBusy?: boolean;
}

/**
 * The state every form (and every button that writes) shares: busy while the call runs, the
 * error to show, per-field errors (422 `fields`, or codes named in `codeFields`), and a 429
 * Retry-After countdown that holds the form until it runs out. Made with `createFormSubmit()`.
 */
export class FormSubmit<F extends string = string> {
  private readonly busyState = signal(false);
  private readonly problemState = signal<ApiProblem | null>(null);
  private readonly localError = signal<string | null>(null);
  private readonly fieldState = signal<FieldErrors<F>>({});

  /** A call is running. */
  readonly busy = this.busyState.asReadonly();
  /** The last call's failure, as the API explained it. */
  readonly problem = this.problemState.asReadonly();
  /** Per-field messages, capitalised sentences. */
  readonly fieldErrors = this.fieldState.asReadonly();
  /** The one sentence to show: a check that failed before sending, or the API's answer. */
  readonly error = computed(() => this.localError() ?? this.problemState()?.message ?? null);
  /** A 429's wait (or one the screen started) is running. */
  readonly waiting = computed(() => this.wait.running());
  /** "1 minute 30 seconds" left of a 429's wait. */
  readonly waitText = computed(() => durationPhrase(this.wait.seconds(), this.waitUnit));
  /** The submit button is disabled and a submit is refused. */
  readonly blocked = computed(() => this.busyState() || this.wait.running());

  private readonly waitUnit: DurationUnit;
  private readonly codeFields: Partial<Record<string, F>>;

  constructor(
    private readonly destroyRef: DestroyRef,
    /** Counts down a 429's Retry-After; a screen may also start it (a resend delay). */
    readonly wait: Countdown,
    options: FormSubmitOptions<F> = {},
  ) {
    this.waitUnit = options.waitUnit ?? 'minute';
    this.codeFields = options.codeFields ?? {};
  }

  /**
   * Sends `call` unless the form is blocked (returns false then). Clears the previous outcome,
   * is busy until the call completes or fails, and records a failure for the template.
   */
  run<T>(call: Observable<T>, handlers: SubmitHandlers<T> = {}): boolean {
    if (this.blocked()) return false;
    this.clear();
    this.busyState.set(true);
    call.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (value) => handlers.next?.(value),
      complete: () => {
        if (!handlers.keepBusy) this.busyState.set(false);
      },
      error: (err: unknown) => {
        const problem = toApiProblem(err);
        this.busyState.set(false);
        this.problemState.set(problem);
        this.fieldState.set(this.fieldsFrom(err, problem));
        if (problem.status === 429) {
          this.wait.start(problem.retryAfterSeconds ?? DEFAULT_WAIT_SECONDS);
        }
        handlers.failed?.(problem, err);
      },
    });
    return true;
  }

  /** A check failed before anything was sent: show `message` and/or `fields`. */
  reject(message: string | null, fields: FieldErrors<F> = {}): void {
    this.problemState.set(null);
    this.localError.set(message);
    this.fieldState.set(fields);
  }

  /** Forget the last outcome (the wait keeps running). */
  clear(): void {
    this.reject(null);
  }

  private fieldsFrom(err: unknown, problem: ApiProblem): FieldErrors<F> {
    const out: Record<string, string> = {};
    const body: unknown = err instanceof HttpErrorResponse ? err.error : null;
    const fields = (body as Partial<ApiError> | null)?.fields;
    if (typeof fields === 'object' && fields !== null) {
      for (const [field, messages] of Object.entries(fields)) {
        const first = Array.isArray(messages) ? messages[0] : undefined;
        if (typeof first === 'string' && first) out[field] = sentence(first);
      }
    }
    const field = this.codeFields[problem.code];
    if (field) out[field] = problem.message;
    return out as FieldErrors<F>;
  }
}

/** Creates a FormSubmit tied to the current injection context's lifetime. */
export function createFormSubmit<F extends string = string>(
  options: FormSubmitOptions<F> = {},
): FormSubmit<F> {
  return new FormSubmit<F>(inject(DestroyRef), createCountdown(), options);
}

/** "must be longer" → "Must be longer." */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith('.') ? '' : '.');
}
