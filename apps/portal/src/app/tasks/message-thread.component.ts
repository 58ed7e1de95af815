import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { MessageView } from '@app/contracts';
import { FirmDatePipe } from '../core/firm-time';
import { createFormSubmit } from '../core/form-submit';
import { TasksService } from './tasks.service';

/** The task's thread with the firm: read it, write to it. */
@Component({
  selector: 'cp-message-thread',
  imports: [FirmDatePipe, FormsModule],
  template: `
    @if (messages().length === 0) {
      <p class="muted" data-testid="no-messages">
        No messages yet. Write to the firm if you have a question.
      </p>
    } @else {
      <ol class="thread" data-testid="message-list" aria-label="Messages">
        @for (m of messages(); track m.id) {
          <li
            class="message"
            [class.mine]="m.author === 'client'"
            data-testid="message-item"
            [attr.data-author]="m.author"
          >
            <p class="meta">
              <span class="author" data-testid="message-author">{{ authorLine(m) }}</span>
              <time [attr.datetime]="m.createdAt">{{
                m.createdAt | firmDate: 'short-datetime'
              }}</time>
            </p>
            <p class="body">{{ m.body }}</p>
          </li>
        }
      </ol>
    }
    @if (canWrite()) {
      <form (ngSubmit)="send()" class="compose">
        <label class="field-label" for="message-body">Write a message</label>
        <textarea
          id="message-body"
          name="body"
          class="input"
          rows="3"
          maxlength="5000"
          data-testid="message-input"
          aria-describedby="message-status"
          [attr.aria-invalid]="submission.error() ? 'true' : null"
          [(ngModel)]="body"
          [disabled]="submission.busy()"
        ></textarea>
        <p class="status" id="message-status" aria-live="polite">
          @if (submission.error(); as message) {
            <span class="error" role="alert" data-testid="message-error">{{ message }}</span>
          } @else if (sent()) {
            <span>Message sent.</span>
          }
        </p>
        <div class="actions">
          <button
            type="submit"
            class="button button-primary"
            data-testid="send-message"
            [disabled]="submission.blocked()"
          >
            Send message
          </button>
        </div>
      </form>
    }
  `,
  styleUrl: './request-forms.css',
  styles: `
    .thread {
      display: grid;
      gap: 0.5rem;
      margin: 0 0 1rem;
      padding: 0;
      list-style: none;
    }
    .message {
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--color-border);
      border-radius: var(--radius);
      background: var(--color-accent-soft);
    }
    .message.mine {
      background: var(--color-surface);
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin: 0 0 0.25rem;
      color: var(--color-muted);
      font-size: 0.875rem;
    }
    .author {
      font-weight: 600;
      color: var(--color-text);
    }
    .body {
      margin: 0;
      white-space: pre-line;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageThreadComponent {
  readonly taskId = input.required<string>();
  readonly messages = input<MessageView[]>([]);
  readonly canWrite = input(true);
  readonly posted = output<MessageView>();

  private readonly tasks = inject(TasksService);
  protected body = '';
  protected readonly submission = createFormSubmit();
  protected readonly sent = signal(false);

  /** "You" for the client's own messages; the staff member's name (or "Your firm") otherwise. */
  protected authorLine(m: MessageView): string {
    if (m.author === 'client') return 'You';
    return m.authorName?.trim() || 'Your firm';
  }

  protected send(): void {
    const text = this.body.trim();
    this.sent.set(false);
    if (!text) {
      this.submission.reject('Please write a message first.');
      return;
    }
    this.submission.run(this.tasks.postMessage(this.taskId(), text), {
      next: (message) => {
        this.body = '';
        this.sent.set(true);
        this.posted.emit(message);
      },
    });
  }
}
