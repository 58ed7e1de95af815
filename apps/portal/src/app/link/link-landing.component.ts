import { NgTemplateOutlet } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  type ElementRef,
  inject,
  type OnInit,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type {
  AccessLinkSentResponse,
  ApiError,
  LinkState,
  LinkStatusResponse,
} from '@app/contracts';
import { type ApiProblem, toApiProblem } from '../core/api-problem';
import { createFormSubmit } from '../core/form-submit';
import { firmDateTime } from '../core/firm-time';
import { LinkTokenStore } from './link-token.store';
import { LinkService } from './link.service';

type View = 'loading' | 'error' | 'sent' | LinkState;

const ANNOUNCEMENTS: Record<View, string> = {
  loading: 'Checking your link.',
  error: "We couldn't check your link.",
  sent: 'A new link has been sent.',
  ready: 'Your link is ready.',
  trusted: 'Opening your tasks.',
  declined: 'This link has already been used on another device.',
  expired: 'This link has expired.',
  withdrawn: 'This link has been withdrawn.',
  elsewhere: 'Open this link on the device where you asked for it.',
  unknown: "We can't find this link.",
};

const UNHELD_ANNOUNCEMENT = 'This reminder does not open your tasks by itself.';
const MOVED_ANNOUNCEMENT = 'Your tasks were moved to another device.';
const REPLACED_ANNOUNCEMENT = 'A newer link was sent for these tasks.';

/**
 * The page behind a unique link. Opening it only reads (POST /links/status); the link is used
 * only when the person presses "Open my tasks" (SPEC rule 2). Never redeem from code paths that
 * run on load.
 */
@Component({
  selector: 'cp-link-landing',
  imports: [NgTemplateOutlet, ReactiveFormsModule, RouterLink],
  templateUrl: './link-landing.component.html',
  styleUrl: './link-landing.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LinkLandingComponent implements OnInit {
  private readonly links = inject(LinkService);
  private readonly tokens = inject(LinkTokenStore);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');
  private focusHeadingOnChange = false;

  protected readonly loading = signal(true);
  protected readonly loadProblem = signal<ApiProblem | null>(null);
  protected readonly link = signal<LinkStatusResponse | null>(null);
  protected readonly state = signal<LinkState>('unknown');
  /**
   * Open my tasks and Send Access Link: busy, the error to show, and the countdown to when
   * another access link may be requested.
   */
  protected readonly submission = createFormSubmit({ waitUnit: 'second' });
  protected readonly sent = signal<AccessLinkSentResponse | null>(null);
  /** True once the API answered 429 to Send Access Link. */
  protected readonly throttled = signal(false);
  /**
   * This browser asked for an access link that still waits (issue 14): after a reload the
   * status says so, and the page offers the code field again.
   */
  protected readonly codePending = signal(false);
  /** The code from the e-mail, typed on this page ("check your e-mail"). */
  protected readonly code = new FormControl('', { nonNullable: true });
  protected readonly codeSubmission = createFormSubmit();
  protected readonly linkMinutes = computed(() => this.sent()?.linkTtlMinutes ?? 60);
  protected readonly codeMinutes = computed(() => this.sent()?.codeTtlMinutes ?? 10);

  protected readonly view = computed<View>(() => {
    if (this.loading()) return 'loading';
    if (this.loadProblem()) return 'error';
    if (this.sent() || this.codePending()) return 'sent';
    return this.state();
  });
  /** A reminder's link while no device holds the tasks yet (issue 14): it opens nothing itself. */
  protected readonly unheld = computed(
    () => this.view() === 'declined' && this.link()?.unheld === true,
  );
  /**
   * This browser's device held the tasks until an access link moved them elsewhere (issue 13):
   * when, in the firm's zone. Empty otherwise.
   */
  protected readonly movedAt = computed(() => {
    const link = this.link();
    return this.view() === 'declined' && link?.movedAt
      ? firmDateTime(link.movedAt, link.timeZone ?? 'UTC')
      : '';
  });
  /** Why an expired link no longer works (issue 13). */
  protected readonly expiredReason = computed(() => this.link()?.expiredReason ?? 'ended');
  protected readonly accessMinutes = computed(() => this.link()?.accessLinkMinutes ?? 60);
  protected readonly linkDays = computed(() => this.link()?.linkDays ?? 30);
  /** When a ready link stops working, in the firm's zone (an access link: minutes after sending). */
  protected readonly worksUntil = computed(() => {
    const link = this.link();
    return link?.expiresAt ? firmDateTime(link.expiresAt, link.timeZone ?? 'UTC') : '';
  });
  protected readonly untilNote = computed(() =>
    this.link()?.kind === 'access' ? ` (${this.accessMinutes()} minutes after it was sent).` : '.',
  );
  protected readonly announcement = computed(() => {
    if (this.unheld()) return UNHELD_ANNOUNCEMENT;
    if (this.movedAt()) return MOVED_ANNOUNCEMENT;
    if (this.view() === 'expired' && this.expiredReason() === 'replaced') {
      return REPLACED_ANNOUNCEMENT;
    }
    return ANNOUNCEMENTS[this.view()];
  });
  protected readonly maskedEmail = computed(
    () => this.sent()?.maskedEmail ?? this.link()?.maskedEmail ?? '',
  );
  protected readonly firmName = computed(() => this.link()?.firmName || 'Your firm');
  protected readonly taskCountText = computed(() => {
    const count = this.link()?.taskCount;
    if (!count) return '';
    return count === 1 ? '1 task is waiting for you.' : `${count} tasks are waiting for you.`;
  });

  constructor() {
    // After a button changes the page, put keyboard and screen-reader focus on the new heading.
    effect(() => {
      const heading = this.heading();
      if (heading && this.focusHeadingOnChange) {
        this.focusHeadingOnChange = false;
        heading.nativeElement.focus();
      }
    });
  }

  ngOnInit(): void {
    this.loadStatus();
  }

  protected loadStatus(): void {
    const token = this.tokens.read();
    if (!token) {
      this.showState('unknown');
      return;
    }
    this.loading.set(true);
    this.loadProblem.set(null);
    this.links
      .status(token)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (status) => {
          this.link.set(status);
          this.codePending.set(status.codePending === true);
          this.showState(status.state);
        },
        error: (err: unknown) => {
          const problem = toApiProblem(err);
          if (isUnknownLink(err, problem)) {
            this.showState('unknown');
          } else {
            this.loadProblem.set(problem);
            this.loading.set(false);
          }
        },
      });
  }

  /** "Open my tasks": the only place that uses (redeems) the link. */
  protected open(): void {
    const token = this.tokens.read();
    if (!token) return;
    this.submission.run(this.links.redeem(token), {
      keepBusy: true,
      next: () => this.goToTasks(),
      failed: (problem, err) => {
        const next = isUnknownLink(err, problem) ? 'unknown' : stateForFailure(problem);
        if (next) this.showAfterAction(next);
      },
    });
  }

  protected sendAccessLink(): void {
    const token = this.tokens.read();
    if (!token) return;
    this.submission.run(this.links.sendAccessLink(token), {
      next: (res) => {
        this.throttled.set(false);
        this.focusHeadingOnChange = true;
        this.sent.set(res);
        this.submission.wait.start(res.retryAfterSeconds);
      },
      failed: (problem, err) => {
        if (problem.status === 429) {
          // The live countdown (started by the 429) says when to try again; the server's fixed
          // sentence would go stale beside it.
          this.submission.clear();
          this.throttled.set(true);
        } else if (isUnknownLink(err, problem)) {
          this.sent.set(null);
          this.showAfterAction('unknown');
        } else if (problem.status === 403 && problem.code === 'link_withdrawn') {
          this.sent.set(null);
          this.showAfterAction('withdrawn');
        }
      },
    });
  }

  /**
   * "Open my tasks" with the code from the e-mail (issue 14): digits only, spaces ignored. The
   * API accepts it only from this browser, the one that asked for the link.
   */
  protected enterCode(): void {
    const token = this.tokens.read();
    if (!token) return;
    const digits = this.code.value.replace(/\D/g, '');
    if (digits.length !== 6) {
      this.codeSubmission.reject('Type the 6 digits of the code from the e-mail.');
      return;
    }
    this.codeSubmission.run(this.links.enterCode(token, digits), {
      keepBusy: true,
      next: () => this.goToTasks(),
    });
  }

  /** A button's failure revealed the link's real state: show that page instead of an error. */
  private showAfterAction(state: LinkState): void {
    this.submission.clear();
    this.focusHeadingOnChange = true;
    this.state.set(state);
  }

  private showState(state: LinkState): void {
    this.state.set(state);
    this.loading.set(false);
    if (state === 'trusted') this.goToTasks();
  }

  private goToTasks(): void {
    this.tokens.clear();
    void this.router.navigate(['/tasks'], { replaceUrl: true });
  }
}

/**
 * The link does not exist (404) or its token is malformed, as a truncated or mangled e-mail link
 * is: the API refuses such a token with 422 naming the `token` field (or 400). For the client
 * all of these are the same thing, a link we can't find, with the advice to open the whole link.
 */
function isUnknownLink(err: unknown, problem: ApiProblem): boolean {
  if (problem.status === 404 || problem.status === 400) return true;
  if (problem.status !== 422 || !(err instanceof HttpErrorResponse)) return false;
  const fields = (err.error as Partial<ApiError> | null)?.fields;
  return typeof fields === 'object' && fields !== null && 'token' in fields;
}

/** A failed redeem can reveal the link's real state (someone else was faster, time ran out). */
function stateForFailure(problem: ApiProblem): LinkState | null {
  switch (problem.status) {
    case 403:
      if (problem.code === 'link_withdrawn') return 'withdrawn';
      return problem.code === 'link_declined' ? 'declined' : null;
    case 410:
      return 'expired';
    default:
      return null;
  }
}
