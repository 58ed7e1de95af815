import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  type ElementRef,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import type { DocumentView, TaskDetail } from '@app/contracts';
import { type Subscription } from 'rxjs';
import { type ApiProblem, toApiProblem } from '../core/api-problem';
import { BrandingService } from '../core/branding.service';
import { FirmDatePipe } from '../core/firm-time';
import { REQUEST_KIND_LABELS, requestStatusLabel, requestsLeft } from './task-labels';
import { ConfirmationRequestComponent } from './confirmation-request.component';
import { DocumentRequestComponent } from './document-request.component';
import { MessageThreadComponent } from './message-thread.component';
import { NoAccessComponent } from './no-access.component';
import { QuestionRequestComponent } from './question-request.component';
import { TasksService } from './tasks.service';

type DetailState =
  | { kind: 'loading' }
  | { kind: 'ok'; task: TaskDetail }
  | { kind: 'no-access' }
  | { kind: 'not-found' }
  | { kind: 'error'; problem: ApiProblem };

/** One task: answer its requests, send documents, read and write messages. */
@Component({
  selector: 'cp-task-detail',
  imports: [
    FirmDatePipe,
    RouterLink,
    QuestionRequestComponent,
    ConfirmationRequestComponent,
    DocumentRequestComponent,
    MessageThreadComponent,
    NoAccessComponent,
  ],
  templateUrl: './task-detail.component.html',
  styleUrl: './task-detail.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskDetailComponent {
  /** Route parameter :id (bound by withComponentInputBinding). */
  readonly id = input.required<string>();

  private readonly tasks = inject(TasksService);
  private readonly title = inject(Title);
  private readonly branding = inject(BrandingService);
  private readonly destroyRef = inject(DestroyRef);
  private request?: Subscription;

  protected readonly state = signal<DetailState>({ kind: 'loading' });
  protected readonly kindLabels = REQUEST_KIND_LABELS;
  protected readonly statusLabel = requestStatusLabel;
  protected readonly left = computed(() => {
    const s = this.state();
    return s.kind === 'ok' ? requestsLeft(s.task) : '';
  });
  protected readonly sortedRequests = computed(() => {
    const s = this.state();
    return s.kind === 'ok' ? [...s.task.requests].sort((a, b) => a.position - b.position) : [];
  });

  protected readonly firmDocuments = computed(() => {
    const s = this.state();
    return s.kind === 'ok' ? (s.task.documents ?? []).filter((d) => d.requestId === null) : [];
  });

  protected readonly allDone = computed(() => {
    const s = this.state();
    return s.kind === 'ok' && allRequestsDone(s.task);
  });
  /** The client's own submission just did the task's last request (issue 13). */
  protected readonly justFinished = signal(false);
  private focusFinished = false;
  private readonly finished = viewChild<ElementRef<HTMLElement>>('finished');

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
    effect(() => {
      const heading = this.finished();
      if (heading && this.focusFinished) {
        this.focusFinished = false;
        heading.nativeElement.focus();
      }
    });
  }

  protected reload(): void {
    this.load(this.id());
  }

  protected documentsFor(requestId: string): DocumentView[] {
    const s = this.state();
    return s.kind === 'ok' ? (s.task.documents ?? []).filter((d) => d.requestId === requestId) : [];
  }

  protected downloadUrl(documentId: string): string {
    return this.tasks.downloadUrl(this.id(), documentId);
  }

  /** A write answered with the task as it now stands. */
  protected applied(task: TaskDetail): void {
    const before = this.state();
    if (before.kind === 'ok' && !allRequestsDone(before.task) && allRequestsDone(task)) {
      // The last request is done (issue 13): say so and what happens next, and move focus there.
      this.justFinished.set(true);
      this.focusFinished = true;
    }
    this.state.set({ kind: 'ok', task });
  }

  /** Reads the task again without the loading screen (after an upload or a message). */
  protected refresh(): void {
    this.tasks
      .get(this.id())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ next: (task) => this.state.set({ kind: 'ok', task }), error: () => undefined });
  }

  private load(id: string): void {
    this.request?.unsubscribe();
    this.state.set({ kind: 'loading' });
    this.request = this.tasks
      .get(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (task) => {
          this.state.set({ kind: 'ok', task });
          this.title.setTitle(`${task.title} - ${this.branding.branding().name}`);
        },
        error: (err: unknown) => this.state.set(failureState(toApiProblem(err))),
      });
  }
}

/**
 * Every request of the task is done (issue 13: "finished, here is what happens next"), whether
 * the task completed or now waits for the firm (a declined confirmation).
 */
export function allRequestsDone(task: TaskDetail): boolean {
  return (
    task.status !== 'cancelled' &&
    task.requests.length > 0 &&
    task.requests.every((r) => r.status === 'done')
  );
}

function failureState(problem: ApiProblem): DetailState {
  if (problem.status === 401 || problem.status === 403) return { kind: 'no-access' };
  if (problem.status === 404 || problem.status === 400) return { kind: 'not-found' };
  return { kind: 'error', problem };
}
