import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { ConfirmationDecision, RequestView, TaskDetail } from '@app/contracts';
import { createFormSubmit } from '../core/form-submit';
import { ConfirmSendComponent } from './confirm-send.component';
import { TasksService } from './tasks.service';

/** A confirmation: approve, or decline with a reason (required). */
@Component({
  selector: 'cp-confirmation-request',
  imports: [ConfirmSendComponent, FormsModule],
  template: `
    @let req = request();
    @if (req.status === 'done') {
      <p class="answer" data-testid="decision-text">
        @if (req.answer?.decision === 'declined') {
          <span class="label">You declined:</span> {{ req.answer?.text }}
        } @else {
          <span class="label">You approved this.</span>
        }
      </p>
    } @else if (!editable()) {
      <p class="muted">This task is closed; it can no longer be confirmed.</p>
    } @else {
      <fieldset class="choices" [disabled]="submission.busy()">
        <legend class="field-label">Your decision</legend>
        <label class="choice">
          <input
            type="radio"
            [name]="'decision-' + req.id"
            value="approved"
            data-testid="approve"
            [(ngModel)]="decision"
          />
          Approve
        </label>
        <label class="choice">
          <input
            type="radio"
            [name]="'decision-' + req.id"
            value="declined"
            data-testid="decline"
            [(ngModel)]="decision"
          />
          Decline
        </label>
      </fieldset>
      @if (decision === 'declined') {
        <label class="field-label" [for]="'reason-' + req.id">Why do you decline? (required)</label>
        <textarea
          class="input"
          rows="3"
          [id]="'reason-' + req.id"
          data-testid="decline-reason"
          required
          [attr.aria-invalid]="submission.error() ? 'true' : null"
          [attr.aria-describedby]="'decision-status-' + req.id"
          [(ngModel)]="reason"
          [disabled]="submission.busy()"
        ></textarea>
      }
      <p class="status" [id]="'decision-status-' + req.id" aria-live="polite">
        @if (submission.error(); as message) {
          <span class="error" role="alert" data-testid="decision-error">{{ message }}</span>
        }
      </p>
      @if (confirming()) {
        <cp-confirm-send
          [question]="confirmQuestion()"
          sendLabel="Yes, send my decision"
          [busy]="submission.busy()"
          (confirmed)="send()"
          (cancelled)="confirming.set(false)"
        />
      } @else {
        <div class="actions">
          <button
            type="button"
            class="button button-primary"
            data-testid="submit-decision"
            [disabled]="submission.blocked()"
            (click)="submit()"
          >
            Send my decision
          </button>
        </div>
      }
    }
  `,
  styleUrl: './request-forms.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmationRequestComponent {
  readonly taskId = input.required<string>();
  readonly request = input.required<RequestView>();
  readonly editable = input(true);
  readonly updated = output<TaskDetail>();

  private readonly tasks = inject(TasksService);
  protected decision: ConfirmationDecision | null = null;
  protected reason = '';
  protected readonly submission = createFormSubmit();
  /** The confirm step is showing, with its question. */
  protected readonly confirming = signal(false);
  protected readonly confirmQuestion = signal('');

  protected submit(): void {
    if (!this.decision) {
      this.submission.reject('Please choose Approve or Decline.');
      return;
    }
    if (this.decision === 'declined' && !this.reason.trim()) {
      this.submission.reject('Please say why you decline, so the firm can act on it.');
      return;
    }
    // Issue 13: a decision cannot be changed once sent, so ask first.
    this.submission.clear();
    this.confirmQuestion.set(
      this.decision === 'declined'
        ? "You won't be able to change this decision after sending. Send that you decline?"
        : "You won't be able to change this decision after sending. Send that you approve?",
    );
    this.confirming.set(true);
  }

  protected send(): void {
    if (!this.decision || this.submission.blocked()) return;
    this.submission.run(
      this.tasks.submit(this.taskId(), this.request().id, {
        decision: this.decision,
        ...(this.decision === 'declined' ? { reason: this.reason.trim() } : {}),
      }),
      {
        next: (task) => {
          this.confirming.set(false);
          this.updated.emit(task);
        },
        failed: () => this.confirming.set(false),
      },
    );
  }
}
