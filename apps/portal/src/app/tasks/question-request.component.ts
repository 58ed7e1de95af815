import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { RequestView, TaskDetail } from '@app/contracts';
import { createFormSubmit } from '../core/form-submit';
import { ConfirmSendComponent } from './confirm-send.component';
import { TasksService } from './tasks.service';

/** A question: write an answer, save it as a draft, submit it. */
@Component({
  selector: 'cp-question-request',
  imports: [ConfirmSendComponent, FormsModule],
  template: `
    @let req = request();
    @if (req.status === 'done') {
      <p class="answer" data-testid="answer-text">
        <span class="label">Your answer:</span> {{ req.answer?.text }}
      </p>
    } @else if (!editable()) {
      <p class="muted">This task is closed; the question can no longer be answered.</p>
    } @else {
      <label class="field-label" [for]="'answer-' + req.id">Your answer</label>
      <textarea
        class="input"
        rows="4"
        [id]="'answer-' + req.id"
        data-testid="answer-input"
        [attr.aria-describedby]="'answer-status-' + req.id"
        [attr.aria-invalid]="submission.error() ? 'true' : null"
        [(ngModel)]="text"
        [disabled]="submission.busy()"
      ></textarea>
      <p class="status" [id]="'answer-status-' + req.id" aria-live="polite">
        @if (submission.error(); as message) {
          <span class="error" role="alert" data-testid="answer-error">{{ message }}</span>
        } @else if (note(); as message) {
          <span data-testid="answer-note">{{ message }}</span>
        } @else if (req.answer?.status === 'draft') {
          <span>Draft saved.</span>
        }
      </p>
      @if (confirming()) {
        <cp-confirm-send
          question="You won't be able to change this answer after sending. Send?"
          sendLabel="Yes, send my answer"
          [busy]="submission.busy()"
          (confirmed)="send()"
          (cancelled)="confirming.set(false)"
        />
      } @else {
        <div class="actions">
          <button
            type="button"
            class="button"
            data-testid="save-draft"
            [disabled]="submission.blocked()"
            (click)="saveDraft()"
          >
            Save draft
          </button>
          <button
            type="button"
            class="button button-primary"
            data-testid="submit-answer"
            [disabled]="submission.blocked()"
            (click)="submit()"
          >
            Submit answer
          </button>
        </div>
      }
    }
  `,
  styleUrl: './request-forms.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QuestionRequestComponent {
  readonly taskId = input.required<string>();
  readonly request = input.required<RequestView>();
  readonly editable = input(true);
  readonly updated = output<TaskDetail>();

  private readonly tasks = inject(TasksService);
  protected text = '';
  protected readonly submission = createFormSubmit();
  protected readonly note = signal<string | null>(null);
  /** The confirm step is showing. */
  protected readonly confirming = signal(false);
  private seeded = false;

  ngOnInit(): void {
    if (!this.seeded) this.text = this.request().answer?.text ?? '';
    this.seeded = true;
  }

  protected saveDraft(): void {
    this.run('draft');
  }

  /** Submit asks first (issue 13): an answer cannot be changed once sent. */
  protected submit(): void {
    if (!this.text.trim()) {
      this.submission.reject('Please write an answer before you submit it.');
      return;
    }
    this.submission.clear();
    this.confirming.set(true);
  }

  protected send(): void {
    this.run('submit');
  }

  private run(what: 'draft' | 'submit'): void {
    if (this.submission.blocked()) return;
    this.note.set(null);
    const call =
      what === 'draft'
        ? this.tasks.saveDraft(this.taskId(), this.request().id, this.text)
        : this.tasks.submit(this.taskId(), this.request().id, { text: this.text });
    this.submission.run(call, {
      next: (task) => {
        this.confirming.set(false);
        this.note.set(what === 'draft' ? 'Draft saved.' : 'Answer submitted.');
        this.updated.emit(task);
      },
      failed: () => this.confirming.set(false),
    });
  }
}
