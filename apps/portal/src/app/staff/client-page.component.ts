import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  type OnInit,
  signal,
  type WritableSignal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type {
  AdminClientSessionView,
  AdminDeviceView,
  AdminLinkView,
  AuditEventView,
  ClientView,
  TaskSummary,
} from '@app/contracts';
import { type Observable } from 'rxjs';
import { toApiProblem } from '../core/api-problem';
import { createFormSubmit } from '../core/form-submit';
import { StaffApiService } from './staff-api.service';
import { dueText, shortTime } from './staff-format';

const required: ValidatorFn = (control) => Validators.required(control);
const email: ValidatorFn = (control) => Validators.email(control);

/** One section's data: loading, failed (with the API's sentence) or loaded. */
interface Section<T> {
  loading: WritableSignal<boolean>;
  error: WritableSignal<string | null>;
  data: WritableSignal<T | null>;
}

function section<T>(): Section<T> {
  return { loading: signal(true), error: signal(null), data: signal(null) };
}

export const LINK_STATE_TEXT: Record<AdminLinkView['state'], string> = {
  ready: 'Not used yet',
  used: 'Opened',
  expired: 'Expired',
  superseded: 'Replaced by a newer link',
  withdrawn: 'Withdrawn by the firm',
};

export const TASK_STATUS_TEXT: Record<TaskSummary['status'], string> = {
  open: 'Open',
  completed: 'Completed',
  cancelled: 'Withdrawn',
};

/**
 * A client's page: details (edit, portal on/off), tasks, trusted devices, links, sessions and
 * the audit trail; devices, links and sessions can be revoked as through the admin API.
 */
@Component({
  selector: 'cp-staff-client-page',
  imports: [ReactiveFormsModule, RouterLink],
  styleUrl: './staff.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="/staff/clients">All clients</a></p>
    @if (client.loading()) {
      <p class="loading" data-testid="client-loading" aria-busy="true">
        <span class="spinner" aria-hidden="true"></span>
        Loading the client…
      </p>
    }
    @if (client.error(); as message) {
      <div class="notice notice-error" role="alert" data-testid="client-error">
        <p>{{ message }}</p>
        <button type="button" class="button" (click)="reload()">Try again</button>
      </div>
    }
    @if (client.data(); as c) {
      <h1 data-testid="client-page-name">{{ c.name }}</h1>
      <p class="meta">
        <span>{{ c.email }}</span>
        <span>Client since {{ time(c.createdAt) }}</span>
        <span data-testid="client-portal-state">{{
          c.portalEnabledFrom
            ? 'Portal enabled from ' + time(c.portalEnabledFrom)
            : 'Portal off: tasks go out with a PIN'
        }}</span>
      </p>

      <section class="section" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <form class="form" [formGroup]="form" (ngSubmit)="save()" novalidate>
          <div class="field">
            <label for="edit-name">Name</label>
            <input
              id="edit-name"
              formControlName="name"
              autocomplete="off"
              data-testid="edit-name"
            />
          </div>
          <div class="field">
            <label for="edit-email">Order e-mail</label>
            <input
              id="edit-email"
              type="email"
              formControlName="email"
              autocomplete="off"
              data-testid="edit-email"
              [attr.aria-invalid]="!!saving.fieldErrors().email"
            />
            @if (saving.fieldErrors().email; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          @if (form.invalid && showMissing()) {
            <p class="field-error" role="alert">Please enter a name and a valid e-mail address.</p>
          }
          @if (saving.error(); as message) {
            <div class="notice notice-error" role="alert">
              <p>{{ message }}</p>
            </div>
          }
          @if (saved()) {
            <div class="notice notice-success" role="status"><p>Saved.</p></div>
          }
          <div class="actions">
            <button type="submit" class="button button-primary" [disabled]="saving.blocked()">
              Save details
            </button>
            <button
              type="button"
              class="button"
              data-testid="client-portal-toggle"
              [disabled]="saving.blocked()"
              (click)="togglePortal(c)"
            >
              {{ c.portalEnabledFrom ? 'Turn the portal off' : 'Enable the portal' }}
            </button>
          </div>
        </form>
      </section>

      <section class="section" aria-labelledby="tasks-heading" data-testid="client-tasks">
        <div class="page-head">
          <h2 id="tasks-heading">Tasks</h2>
          <a
            class="button"
            data-testid="client-new-task"
            [routerLink]="['/staff/compose']"
            [queryParams]="{ clientId: c.id }"
            >New task</a
          >
        </div>
        @if (tasks.loading()) {
          <p class="loading" aria-busy="true">
            <span class="spinner" aria-hidden="true"></span>Loading tasks…
          </p>
        }
        @if (tasks.error(); as message) {
          <div class="notice notice-error" role="alert">
            <p>{{ message }}</p>
          </div>
        }
        @if (tasks.data(); as list) {
          @if (list.length === 0) {
            <p class="empty">No tasks for this client yet.</p>
          } @else {
            <ul class="rows" role="list">
              @for (task of list; track task.id) {
                <li
                  class="row"
                  [class.unread]="task.id === focusTask()"
                  [attr.aria-current]="task.id === focusTask() ? 'true' : null"
                  [attr.data-testid]="'client-task-' + task.reference"
                >
                  <p class="row-title">
                    <a
                      [routerLink]="['/staff/clients', c.id, 'tasks', task.id]"
                      [attr.data-testid]="'client-task-open-' + task.reference"
                      >{{ task.title }}</a
                    >
                  </p>
                  <p class="meta">
                    <span>{{ task.reference }}</span>
                    <span>{{ statusText(task) }}</span>
                    <span>Due: {{ due(task.dueDate) }}</span>
                    <span
                      >{{ task.totalRequests - task.openRequests }} of
                      {{ task.totalRequests }} requests done</span
                    >
                    <span>{{
                      task.dispatchedAt ? 'Sent ' + time(task.dispatchedAt) : 'Not sent yet'
                    }}</span>
                  </p>
                </li>
              }
            </ul>
          }
        }
      </section>

      <section class="section" aria-labelledby="devices-heading">
        <h2 id="devices-heading">Trusted devices</h2>
        @if (devices.error(); as message) {
          <div class="notice notice-error" role="alert">
            <p>{{ message }}</p>
          </div>
        }
        @if (devices.data(); as list) {
          @if (list.length === 0) {
            <p class="empty">No browser has opened this client's tasks.</p>
          } @else {
            <div class="table-wrap">
              <table>
                <caption class="sr-only">
                  Trusted devices
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Device</th>
                    <th scope="col">Last seen</th>
                    <th scope="col">Access</th>
                    <th scope="col"><span class="sr-only">Action</span></th>
                  </tr>
                </thead>
                <tbody>
                  @for (d of list; track d.id) {
                    <tr>
                      <td>{{ d.label ?? 'Unknown browser' }}</td>
                      <td>{{ time(d.lastSeenAt) }}</td>
                      <td>
                        {{
                          d.revokedAt ? 'Revoked' : d.activeDispatchIds.length + ' sending(s) open'
                        }}
                      </td>
                      <td>
                        @if (!d.revokedAt) {
                          <button type="button" class="link-button" (click)="revokeDevice(d)">
                            Revoke
                          </button>
                        }
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }
        }
      </section>

      <section class="section" aria-labelledby="links-heading">
        <h2 id="links-heading">Links</h2>
        @if (links.error(); as message) {
          <div class="notice notice-error" role="alert">
            <p>{{ message }}</p>
          </div>
        }
        @if (links.data(); as list) {
          @if (list.length === 0) {
            <p class="empty">No links sent yet.</p>
          } @else {
            <div class="table-wrap">
              <table>
                <caption class="sr-only">
                  Links
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Sent</th>
                    <th scope="col">State</th>
                    <th scope="col"><span class="sr-only">Action</span></th>
                  </tr>
                </thead>
                <tbody>
                  @for (l of list; track l.id) {
                    <tr>
                      <td>{{ l.kind === 'access' ? 'Access link' : 'Task link' }}</td>
                      <td>{{ time(l.createdAt) }}</td>
                      <td>{{ linkState(l) }}</td>
                      <td>
                        @if (l.state === 'ready' || l.state === 'used') {
                          <button type="button" class="link-button" (click)="withdrawLink(l)">
                            Withdraw
                          </button>
                        }
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }
        }
      </section>

      <section class="section" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        @if (sessions.error(); as message) {
          <div class="notice notice-error" role="alert">
            <p>{{ message }}</p>
          </div>
        }
        @if (sessions.data(); as list) {
          @if (list.length === 0) {
            <p class="empty">No one is signed in with a login or PIN.</p>
          } @else {
            <ul class="rows" role="list">
              @for (s of list; track s.id) {
                <li class="row">
                  <p>
                    {{ s.kind === 'login' ? 'Login' : 'PIN' }} session{{
                      s.label ? ', ' + s.label : ''
                    }}, last seen {{ time(s.lastSeenAt) }}
                  </p>
                  <p>
                    <button type="button" class="link-button" (click)="endSession(s)">
                      End session
                    </button>
                  </p>
                </li>
              }
            </ul>
          }
        }
      </section>

      <section class="section" aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit trail</h2>
        @if (audit.error(); as message) {
          <div class="notice notice-error" role="alert">
            <p>{{ message }}</p>
          </div>
        }
        @if (audit.data(); as list) {
          @if (list.length === 0) {
            <p class="empty">No events yet.</p>
          } @else {
            <div class="table-wrap">
              <table data-testid="client-audit">
                <caption class="sr-only">
                  Audit trail, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Event</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  @for (e of list; track e.id) {
                    <tr>
                      <td>{{ time(e.createdAt) }}</td>
                      <td>{{ e.type }}</td>
                      <td>{{ e.actorType }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }
        }
      </section>
      @if (actionError(); as message) {
        <div class="notice notice-error" role="alert">
          <p>{{ message }}</p>
        </div>
      }
    }
  `,
})
export class ClientPageComponent implements OnInit {
  private readonly api = inject(StaffApiService);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly client = section<ClientView>();
  protected readonly tasks = section<TaskSummary[]>();
  protected readonly devices = section<AdminDeviceView[]>();
  protected readonly links = section<AdminLinkView[]>();
  protected readonly sessions = section<AdminClientSessionView[]>();
  protected readonly audit = section<AuditEventView[]>();
  protected readonly actionError = signal<string | null>(null);
  protected readonly saved = signal(false);
  protected readonly showMissing = signal(false);
  protected readonly saving = createFormSubmit<'email' | 'name'>({
    codeFields: { email_taken: 'email' },
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [required, Validators.maxLength(200)]],
    email: ['', [required, email, Validators.maxLength(320)]],
  });
  private readonly params = signal<{ id: string; task: string | null }>({ id: '', task: null });
  protected readonly focusTask = computed(() => this.params().task);

  ngOnInit(): void {
    this.route.paramMap.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((map) => {
      this.params.set({
        id: map.get('clientId') ?? '',
        task: this.route.snapshot.queryParamMap.get('task'),
      });
      this.reload();
    });
  }

  reload(): void {
    const id = this.params().id;
    this.fill(this.client, this.api.client(id), (c) =>
      this.form.setValue({ name: c.name, email: c.email }),
    );
    this.fill(this.tasks, this.api.tasks(id));
    this.fill(this.devices, this.api.devices(id));
    this.fill(this.links, this.api.links(id));
    this.fill(this.sessions, this.api.sessions(id));
    this.fill(this.audit, this.api.audit(id), undefined, (page) => page.items);
  }

  private fill<T, R = T>(
    target: Section<R>,
    call: Observable<T>,
    after?: (value: R) => void,
    pick: (value: T) => R = (value) => value as unknown as R,
  ): void {
    target.loading.set(true);
    target.error.set(null);
    call.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (value) => {
        const data = pick(value);
        target.data.set(data);
        target.loading.set(false);
        after?.(data);
      },
      error: (err: unknown) => {
        target.loading.set(false);
        target.error.set(toApiProblem(err).message);
      },
    });
  }

  protected save(): void {
    this.saved.set(false);
    if (this.form.invalid) {
      this.showMissing.set(true);
      return;
    }
    this.saving.run(this.api.updateClient(this.params().id, this.form.getRawValue()), {
      next: (c) => {
        this.client.data.set(c);
        this.saved.set(true);
      },
    });
  }

  protected togglePortal(c: ClientView): void {
    this.saved.set(false);
    const portalEnabledFrom = c.portalEnabledFrom ? null : new Date().toISOString();
    this.saving.run(this.api.updateClient(c.id, { portalEnabledFrom }), {
      next: (updated) => {
        this.client.data.set(updated);
        this.saved.set(true);
      },
    });
  }

  protected revokeDevice(d: AdminDeviceView): void {
    this.act(this.api.revokeDevice(this.params().id, d.id), () =>
      this.fill(this.devices, this.api.devices(this.params().id)),
    );
  }

  protected withdrawLink(l: AdminLinkView): void {
    this.act(this.api.withdrawLink(this.params().id, l.id), () =>
      this.fill(this.links, this.api.links(this.params().id)),
    );
  }

  protected endSession(s: AdminClientSessionView): void {
    this.act(this.api.endSession(this.params().id, s.id), () =>
      this.fill(this.sessions, this.api.sessions(this.params().id)),
    );
  }

  private act(call: Observable<void>, then: () => void): void {
    this.actionError.set(null);
    call.subscribe({
      next: () => {
        then();
        this.fill(this.audit, this.api.audit(this.params().id), undefined, (page) => page.items);
      },
      error: (err: unknown) => this.actionError.set(toApiProblem(err).message),
    });
  }

  protected statusText(task: TaskSummary): string {
    return TASK_STATUS_TEXT[task.status];
  }

  protected linkState(l: AdminLinkView): string {
    return LINK_STATE_TEXT[l.state];
  }

  protected due(date: string | null): string {
    return dueText(date);
  }

  protected time(iso: string | null): string {
    return shortTime(iso);
  }
}
