import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type {
  AdminTaskView,
  DocumentView,
  MessageView,
  RequestChangeView,
  RequestView,
} from '@app/contracts';
import { toApiProblem } from '../../core/api-problem';
import { FirmDatePipe } from '../../core/firm-time';
import { createFormSubmit } from '../../core/form-submit';
import { StaffSessionService } from '../staff-session.service';
import { documentUrl, StaffTaskService } from './staff-task.service';
import {
  answerText,
  fileSize,
  messageAuthor,
  previousAnswerText,
  STAFF_KIND_LABELS,
  staffRequestStatus,
  staffTaskStatus,
} from './staff-task-labels';

type State =
  | { kind: 'loading' }
  | { kind: 'not-found' }
  | { kind: 'error'; message: string }
  | { kind: 'ready' };

/** The 404 sentence of the page (a task id that is not this client's reads the same). */
export const TASK_NOT_FOUND = 'This task does not exist or was removed.';

/**
 * The staff task view (issue 12 item 5): the task's requests with the client's answers, the
 * documents (download), the history of "request changes", request changes on an answered
 * request, the thread with a reply, and cancel / close. Opening it marks the task read.
 */
@Component({
  selector: 'cp-staff-task',
  imports: [FirmDatePipe, FormsModule, RouterLink],
  templateUrl: './staff-task.component.html',
  styleUrls: ['../staff.css', './staff-task.component.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StaffTaskComponent {
  /** Route parameters (bound by withComponentInputBinding). */
  readonly clientId = input.required<string>();
  readonly taskId = input.required<string>();

  private readonly api = inject(StaffTaskService);
  private readonly sessions = inject(StaffSessionService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly state = signal<State>({ kind: 'loading' });
  protected readonly task = signal<AdminTaskView | null>(null);
  protected readonly clientName = signal<string | null>(null);
  private readonly staffNames = signal<Map<string, string>>(new Map());
  /** A polite announcement of what just worked. */
  protected readonly announcement = signal('');
  /** Which request's "request changes" form is open. */
  protected readonly changing = signal<string | null>(null);
  protected changeNote = '';
  protected readonly changeSubmit = createFormSubmit();
  protected replyBody = '';
  protected readonly replySubmit = createFormSubmit();
  /** Which ending waits for a confirmation. */
  protected readonly confirming = signal<'cancel' | 'close' | null>(null);
  protected readonly endSubmit = createFormSubmit();
  /** The edit form of an open task: title and due date (PATCH). */
  protected readonly editing = signal(false);
  protected editTitle = '';
  protected editDue = '';
  protected readonly editSubmit = createFormSubmit<'title' | 'dueDate'>();

  /** The task whose client and owner names were asked for. */
  private namesFor: string | null = null;
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');

  protected readonly kindLabels = STAFF_KIND_LABELS;
  protected readonly notFound = TASK_NOT_FOUND;
  protected readonly requests = computed(() =>
    [...(this.task()?.requests ?? [])].sort((a, b) => a.position - b.position),
  );
  protected readonly firmDocuments = computed(() =>
    (this.task()?.documents ?? []).filter((d) => d.requestId === null),
  );
  protected readonly status = computed(() => {
    const t = this.task();
    return t ? staffTaskStatus(t) : '';
  });
  protected readonly owner = computed(() => {
    const t = this.task();
    if (!t?.ownerStaffId) return 'Nobody';
    const me = this.sessions.session()?.staff;
    if (me && me.id === t.ownerStaffId) return `${nameOf(me)} (you)`;
    return t.ownerName ?? this.staffNames().get(t.ownerStaffId) ?? 'Another staff member';
  });

  constructor() {
    effect(() => {
      const clientId = this.clientId();
      const taskId = this.taskId();
      untracked(() => this.load(clientId, taskId));
    });
  }

  reload(): void {
    this.load(this.clientId(), this.taskId());
  }

  private load(clientId: string, taskId: string): void {
    this.state.set({ kind: 'loading' });
    this.api
      .task(clientId, taskId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (task) => {
          this.task.set(task);
          this.state.set({ kind: 'ready' });
          this.api.markRead(task.id).subscribe({ error: () => undefined });
          if (this.namesFor !== task.id) this.loadNames(task);
        },
        error: (err: unknown) => {
          const problem = toApiProblem(err);
          this.task.set(null);
          this.state.set(
            problem.status === 404 || problem.status === 400
              ? { kind: 'not-found' }
              : { kind: 'error', message: problem.message },
          );
        },
      });
  }

  /** The client's name for the header and the thread; the owner's name when it is not me. */
  private loadNames(task: AdminTaskView): void {
    this.namesFor = task.id;
    this.api
      .client(task.clientId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ next: (c) => this.clientName.set(c.name), error: () => undefined });
    const me = this.sessions.session()?.staff;
    if (task.ownerStaffId && me?.id !== task.ownerStaffId && me?.role === 'admin') {
      this.api
        .staffUsers()
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({
          next: (list) => this.staffNames.set(new Map(list.map((s) => [s.id, nameOf(s)]))),
          error: () => undefined,
        });
    }
  }

  protected errorMessage(): string {
    const s = this.state();
    return s.kind === 'error' ? s.message : '';
  }

  protected requestLabel(request: RequestView): string {
    return staffRequestStatus(request);
  }

  protected answer(request: RequestView): string {
    return answerText(request.kind, request.answer);
  }

  protected declined(request: RequestView): boolean {
    return (
      request.status === 'done' &&
      request.kind === 'confirmation' &&
      request.answer?.decision === 'declined'
    );
  }

  protected documentsFor(requestId: string): DocumentView[] {
    return (this.task()?.documents ?? []).filter((d) => d.requestId === requestId);
  }

  protected historyFor(requestId: string): RequestChangeView[] {
    return (this.task()?.changes ?? [])
      .filter((c) => c.requestId === requestId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  protected previous(request: RequestView, change: RequestChangeView): string {
    return previousAnswerText(request.kind, change.previous);
  }

  protected download(documentId: string): string {
    return documentUrl(this.clientId(), this.taskId(), documentId);
  }

  protected size(bytes: number): string {
    return fileSize(bytes);
  }

  protected author(message: MessageView): string {
    return messageAuthor(message, this.clientName());
  }

  // Title and due date

  protected openEdit(task: AdminTaskView): void {
    this.editSubmit.clear();
    this.editTitle = task.title;
    this.editDue = task.dueDate ?? '';
    this.editing.set(true);
    this.focusSoon('#edit-title');
  }

  protected closeEdit(): void {
    this.editing.set(false);
    this.focusSoon('#task-edit');
  }

  protected saveEdit(): void {
    const title = this.editTitle.trim();
    if (!title) {
      this.editSubmit.reject('Please give the task a title.');
      this.focusSoon('#edit-title');
      return;
    }
    const body = { title, dueDate: this.editDue || null };
    this.editSubmit.run(this.api.update(this.clientId(), this.taskId(), body), {
      next: (task) => {
        this.task.set(task);
        this.editing.set(false);
        this.announcement.set('The title and due date are saved.');
        this.heading()?.nativeElement.focus();
      },
    });
  }

  // Request changes

  protected openChange(request: RequestView): void {
    this.changeSubmit.clear();
    this.changeNote = '';
    this.changing.set(request.id);
    this.focusSoon(`#change-note-${request.id}`);
  }

  protected closeChange(request: RequestView): void {
    this.changing.set(null);
    this.focusSoon(`#request-changes-${request.id}`);
  }

  protected sendChange(request: RequestView): void {
    const note = this.changeNote.trim();
    if (!note) {
      this.changeSubmit.reject('Please write what the client should change.');
      this.focusSoon(`#change-note-${request.id}`);
      return;
    }
    this.changeSubmit.run(
      this.api.requestChanges(this.clientId(), this.taskId(), request.id, note),
      {
        next: (task) => {
          this.task.set(task);
          this.changing.set(null);
          this.changeNote = '';
          this.announcement.set(
            'Changes requested. The request is open again and the client was e-mailed.',
          );
          this.focusSoon(`#request-${request.id}`);
        },
      },
    );
  }

  // Thread

  protected sendReply(): void {
    const body = this.replyBody.trim();
    if (!body) {
      this.replySubmit.reject('Please write a reply first.');
      return;
    }
    this.replySubmit.run(this.api.reply(this.clientId(), this.taskId(), body), {
      next: (message) => {
        this.replyBody = '';
        this.task.update((t) => (t ? { ...t, messages: [...(t.messages ?? []), message] } : t));
        this.announcement.set('Reply sent. The client was e-mailed a notice.');
      },
    });
  }

  // Cancel / close

  protected askEnd(how: 'cancel' | 'close'): void {
    this.endSubmit.clear();
    this.confirming.set(how);
    this.focusSoon('#end-confirm-heading');
  }

  protected keepOpen(): void {
    const how = this.confirming();
    this.confirming.set(null);
    this.focusSoon(`#task-${how}`);
  }

  protected end(): void {
    const how = this.confirming();
    if (!how) return;
    this.endSubmit.run(this.api.end(this.clientId(), this.taskId(), how), {
      next: (task) => {
        this.task.set(task);
        this.confirming.set(null);
        this.announcement.set(
          how === 'cancel'
            ? 'The task is cancelled. The client sees it as cancelled.'
            : 'The task is closed as completed.',
        );
        this.heading()?.nativeElement.focus();
      },
    });
  }

  /** Focus an element once the view shows it (after the next render). */
  private focusSoon(selector: string): void {
    setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus());
  }
}

function nameOf(staff: { username: string; displayName?: string | null }): string {
  return staff.displayName?.trim() || staff.username;
}
