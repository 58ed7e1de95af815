import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { TaskSearchResponse, TaskStatus, TaskSummary } from '@app/contracts';
import { createFormSubmit } from '../core/form-submit';
import { TaskCardComponent } from './task-card.component';
import { TasksService } from './tasks.service';

const PAGE = 20;

/** Reaches every task beyond the dashboard's 100: by text and status, 20 at a time. */
@Component({
  selector: 'cp-task-search',
  imports: [FormsModule, TaskCardComponent],
  template: `
    <form class="search" role="search" (ngSubmit)="search()" data-testid="task-search">
      <div class="field">
        <label for="task-search-q">Title or reference</label>
        <input
          id="task-search-q"
          name="q"
          type="search"
          class="input"
          maxlength="100"
          data-testid="search-input"
          [(ngModel)]="q"
        />
      </div>
      <div class="field">
        <label for="task-search-status">Status</label>
        <select
          id="task-search-status"
          name="status"
          class="input"
          data-testid="search-status"
          [(ngModel)]="status"
        >
          <option value="all">All tasks</option>
          <option value="open">Open</option>
          <option value="completed">Completed</option>
          <option value="cancelled">Cancelled</option>
        </select>
      </div>
      <button
        type="submit"
        class="button"
        data-testid="search-button"
        [disabled]="submission.blocked()"
      >
        Find
      </button>
    </form>
    <p class="sr-only" aria-live="polite">{{ summary() }}</p>
    @if (submission.error(); as message) {
      <p class="notice notice-error" role="alert" data-testid="search-error">{{ message }}</p>
    }
    @if (result(); as r) {
      <p data-testid="search-summary">{{ summary() }}</p>
      @if (items().length > 0) {
        <ul class="tasks" role="list">
          @for (task of items(); track task.id) {
            <li class="task" data-testid="search-item"><cp-task-card [task]="task" /></li>
          }
        </ul>
      }
      @if (items().length < r.total) {
        <div class="actions">
          <button
            type="button"
            class="button"
            data-testid="search-more"
            [disabled]="submission.blocked()"
            (click)="more()"
          >
            Show more
          </button>
        </div>
      }
    }
  `,
  styleUrl: './task-list.component.css',
  styles: `
    .search {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.75rem;
      margin-bottom: 1rem;
    }
    .field {
      display: grid;
      gap: 0.25rem;
      flex: 1 1 12rem;
    }
    .field label {
      font-weight: 600;
    }
    .input {
      min-height: 2.75rem;
      padding: 0.5rem 0.625rem;
      border: 1px solid var(--color-border-strong);
      border-radius: var(--radius);
      font: inherit;
      background: var(--color-surface);
      color: var(--color-text);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskSearchComponent {
  private readonly tasks = inject(TasksService);
  protected q = '';
  protected status: TaskStatus | 'all' = 'all';
  protected readonly submission = createFormSubmit();
  protected readonly result = signal<TaskSearchResponse | null>(null);
  protected readonly items = signal<TaskSummary[]>([]);
  protected readonly summary = signal('');

  protected search(): void {
    if (this.submission.blocked()) return;
    this.items.set([]);
    this.fetch(0);
  }

  protected more(): void {
    this.fetch(this.items().length);
  }

  private fetch(offset: number): void {
    const call = this.tasks.search({ q: this.q.trim(), status: this.status, offset, limit: PAGE });
    this.submission.run(call, {
      next: (res) => {
        this.items.set([...this.items(), ...res.items]);
        this.result.set(res);
        this.summary.set(
          res.total === 0
            ? 'No task matches.'
            : `Showing ${this.items().length} of ${res.total} tasks.`,
        );
      },
    });
  }
}
