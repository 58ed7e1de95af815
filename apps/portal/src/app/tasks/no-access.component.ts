import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  input,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { firmDateTime } from '../core/firm-time';
import { NO_ACCESS_MESSAGE } from './task-labels';
import { TasksService } from './tasks.service';

/**
 * What a browser without access sees (issue 13): when its own device cookie held the tasks until
 * an access link moved them to another device, it says so and when (GET /api/device/status);
 * otherwise that this browser has no access and how to get it.
 */
@Component({
  selector: 'cp-no-access',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="card" data-testid="no-access" [attr.data-moved]="movedAt() ? 'true' : null">
      @if (movedAt(); as when) {
        @if (level() === 1) {
          <h1>Your tasks were moved to another device</h1>
        } @else {
          <h2>Your tasks were moved to another device</h2>
        }
        <div role="alert">
          <p data-testid="moved-message">
            Your tasks were moved to another device on {{ when }}. Send Access Link to bring them
            here.
          </p>
        </div>
        <p class="muted">
          Open a link from your firm's e-mails on this device and press Send Access Link on its
          page. We will e-mail you a new link for this device.
        </p>
      } @else {
        @if (level() === 1) {
          <h1>No access on this browser</h1>
        } @else {
          <h2>No access on this browser</h2>
        }
        <div role="alert">
          <p data-testid="error-message">{{ message }}</p>
        </div>
        <p class="muted">
          Each link from your firm opens your tasks on one device. If you have already used it
          elsewhere, open it here and choose Send Access Link to move your tasks to this device.
        </p>
      }
    </div>
  `,
})
export class NoAccessComponent implements OnInit {
  /** The heading level: 1 on a page of its own (a task), 2 under "Your tasks". */
  readonly level = input<1 | 2>(2);

  private readonly tasks = inject(TasksService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly message = NO_ACCESS_MESSAGE;
  protected readonly movedAt = signal('');

  ngOnInit(): void {
    this.tasks
      .deviceStatus()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (status) => {
          if (status.movedAt) this.movedAt.set(firmDateTime(status.movedAt, status.timeZone));
        },
        // Without an answer the generic words stay: they are true either way.
        error: () => undefined,
      });
  }
}
