import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { TaskSummary } from '@app/contracts';
import { FirmDatePipe } from '../core/firm-time';
import { requestsLeft } from './task-labels';

/** One task in a list: title (a link to the task), reference, due date, requests left. */
@Component({
  selector: 'cp-task-card',
  imports: [FirmDatePipe, RouterLink],
  template: `
    <h3 class="title">
      <a [routerLink]="['/tasks', task().id]" data-testid="task-link">{{ task().title }}</a>
    </h3>
    <dl class="facts">
      <div>
        <dt>Reference</dt>
        <dd data-testid="task-reference">{{ task().reference }}</dd>
      </div>
      @if (task().status === 'completed') {
        @if (task().completedAt; as completedAt) {
          <div>
            <dt>Completed</dt>
            <dd>
              <time [attr.datetime]="completedAt">{{ completedAt | firmDate: 'short-date' }}</time>
            </dd>
          </div>
        }
      } @else if (task().dueDate; as dueDate) {
        <div>
          <dt>Due</dt>
          <dd>
            <time [attr.datetime]="dueDate">{{ dueDate | firmDate: 'short-date' }}</time>
          </dd>
        </div>
      }
    </dl>
    @if (task().status === 'open') {
      <p class="left" data-testid="requests-left">{{ left() }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .title {
      margin: 0 0 0.5rem;
      font-size: 1.0625rem;
    }
    .facts {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.5rem;
      margin: 0;
    }
    .facts div {
      display: flex;
      gap: 0.375rem;
    }
    dt {
      color: var(--color-muted);
    }
    dd {
      margin: 0;
      font-weight: 600;
    }
    .left {
      margin: 0.5rem 0 0;
      color: var(--color-accent-strong);
      font-weight: 600;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskCardComponent {
  readonly task = input.required<TaskSummary>();
  protected readonly left = computed(() => requestsLeft(this.task()));
}
