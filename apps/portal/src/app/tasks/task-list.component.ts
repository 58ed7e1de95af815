import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { TaskListResponse } from '@app/contracts';
import { type ApiProblem, toApiProblem } from '../core/api-problem';
import { NoAccessComponent } from './no-access.component';
import { TaskCardComponent } from './task-card.component';
import { TaskSearchComponent } from './task-search.component';
import { TasksService } from './tasks.service';

type ListState =
  | { kind: 'loading' }
  | { kind: 'ok'; data: TaskListResponse }
  | { kind: 'no-access' }
  | { kind: 'error'; problem: ApiProblem };

/** Open and completed tasks this trusted device may see. */
@Component({
  selector: 'cp-task-list',
  imports: [NoAccessComponent, TaskCardComponent, TaskSearchComponent],
  templateUrl: './task-list.component.html',
  styleUrl: './task-list.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskListComponent implements OnInit {
  private readonly tasks = inject(TasksService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly state = signal<ListState>({ kind: 'loading' });

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.state.set({ kind: 'loading' });
    this.tasks
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (data) => this.state.set({ kind: 'ok', data }),
        error: (err: unknown) => {
          const problem = toApiProblem(err);
          this.state.set(
            problem.status === 401 || problem.status === 403
              ? { kind: 'no-access' }
              : { kind: 'error', problem },
          );
        },
      });
  }
}
