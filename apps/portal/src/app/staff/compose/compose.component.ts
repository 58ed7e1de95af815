import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type {
  ClientSummary,
  ComposeTaskRequest,
  CreateRequestItem,
  TaskTemplateView,
} from '@app/contracts';
import { toApiProblem } from '../../core/api-problem';
import { BrandingService } from '../../core/branding.service';
import { createFormSubmit } from '../../core/form-submit';
import { ComposeApiService } from './compose-api.service';
import { cleanRequests, firmToday, newIdempotencyKey, templateDueDate } from './compose-format';
import { ownerOptions } from './owner-options';
import { RequestListComponent } from './request-list.component';

type PickedClient = Pick<ClientSummary, 'id' | 'name' | 'email'>;

interface SentResult {
  clientId: string;
  clientName: string;
  taskId: string;
  title: string;
  to: string;
}

/**
 * Compose and send (issue 12): pick a client, start from a template or from scratch, edit the
 * title, description and requests, a due date (the firm's calendar) and an owner, then send in
 * one request. The form's Idempotency-Key is made once, so a double click or a retry sends once.
 */
@Component({
  selector: 'cp-staff-compose',
  imports: [FormsModule, RouterLink, RequestListComponent],
  styleUrls: ['../staff.css', './compose.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Compose a task</h1>

    @if (sent(); as s) {
      <div class="notice notice-success" role="status" data-testid="compose-sent">
        <p>Sent to {{ s.clientName }}: {{ s.title }}</p>
        <p class="muted">The e-mail goes to {{ s.to }}.</p>
        <div class="row-actions">
          <a
            class="button button-small"
            data-testid="compose-sent-task"
            [routerLink]="['/staff/clients', s.clientId, 'tasks', s.taskId]"
            >Open the task</a
          >
          <button
            type="button"
            class="button button-small"
            data-testid="compose-another"
            (click)="another()"
          >
            Compose another
          </button>
        </div>
      </div>
    }

    <section class="section" aria-labelledby="compose-client-heading">
      <h2 id="compose-client-heading">Client</h2>
      @if (clientLoading()) {
        <p class="loading" aria-busy="true">
          <span class="spinner" aria-hidden="true"></span>
          Loading the client…
        </p>
      }
      @if (client(); as c) {
        <p class="chosen" data-testid="compose-client">
          <span
            ><strong>{{ c.name }}</strong> · {{ c.email }}</span
          >
          <button
            type="button"
            class="button button-small"
            id="compose-client-change"
            data-testid="compose-client-change"
            (click)="changeClient()"
          >
            Choose another client
          </button>
        </p>
      } @else if (!clientLoading()) {
        <form class="filters" role="search" aria-label="Find the client" (ngSubmit)="search()">
          <div>
            <label for="compose-client-q">Find the client</label>
            <input
              id="compose-client-q"
              name="q"
              type="search"
              data-testid="compose-client-search"
              placeholder="Name or order e-mail"
              [(ngModel)]="clientText"
            />
          </div>
          <button type="submit" class="button">Search</button>
        </form>
        @if (clientsError(); as message) {
          <div class="notice notice-error" role="alert">
            <p>{{ message }}</p>
            <button type="button" class="button" (click)="search()">Try again</button>
          </div>
        }
        @if (clientsLoading()) {
          <p class="loading" aria-busy="true">
            <span class="spinner" aria-hidden="true"></span>
            Finding clients…
          </p>
        } @else if (clients(); as list) {
          @if (list.length === 0) {
            <p class="empty" data-testid="compose-clients-empty">
              No client matches. <a routerLink="/staff/clients">Create the client first</a>.
            </p>
          } @else {
            <ul class="picker" role="list" aria-label="Clients found">
              @for (c of list; track c.id) {
                <li>
                  <span class="choose">
                    <button
                      type="button"
                      class="button button-small"
                      [attr.data-testid]="'compose-pick-' + c.email"
                      [attr.aria-label]="'Choose ' + c.name + ', ' + c.email"
                      (click)="pick(c)"
                    >
                      Choose
                    </button>
                    <span>{{ c.name }}</span>
                    <span class="muted">{{ c.email }}</span>
                  </span>
                </li>
              }
            </ul>
          }
        }
        @if (submission.fieldErrors()['client']; as message) {
          <p class="field-error" role="alert">{{ message }}</p>
        }
      }
    </section>

    <section class="section" aria-labelledby="compose-task-heading">
      <h2 id="compose-task-heading">Task</h2>
      <form class="form" (ngSubmit)="send()" novalidate data-testid="compose-form">
        <div class="field">
          <label for="compose-template">Start from</label>
          <select
            id="compose-template"
            name="templateId"
            data-testid="compose-template"
            aria-describedby="compose-template-hint"
            [ngModel]="templateId()"
            (ngModelChange)="useTemplate($event)"
          >
            <option value="">From scratch</option>
            @for (t of templates(); track t.id) {
              <option [value]="t.id">{{ t.name }}</option>
            }
          </select>
          <p class="muted" id="compose-template-hint">
            @if (templatesError(); as message) {
              Templates could not be loaded: {{ message }}
            } @else {
              A template fills in the fields below; change anything before sending.
            }
          </p>
        </div>
        <div class="field">
          <label for="compose-title">Title (the client sees it)</label>
          <input
            id="compose-title"
            name="title"
            autocomplete="off"
            maxlength="200"
            data-testid="compose-title"
            [attr.aria-invalid]="!!errors()['title']"
            [(ngModel)]="title"
          />
          @if (errors()['title']; as message) {
            <p class="field-error">{{ message }}</p>
          }
        </div>
        <div class="field">
          <label for="compose-description">Description (optional)</label>
          <textarea
            id="compose-description"
            name="description"
            rows="3"
            maxlength="5000"
            data-testid="compose-description"
            [(ngModel)]="description"
          ></textarea>
          @if (errors()['description']; as message) {
            <p class="field-error">{{ message }}</p>
          }
        </div>
        <cp-request-list
          idPrefix="compose"
          legend="Requests to the client"
          [(requests)]="requests"
          [errors]="errors()"
        />
        <div class="grid-2">
          <div class="field">
            <label for="compose-due">Due date (optional)</label>
            <input
              id="compose-due"
              name="dueDate"
              type="date"
              data-testid="compose-due"
              aria-describedby="compose-due-hint"
              [min]="today"
              [attr.aria-invalid]="!!errors()['dueDate']"
              [(ngModel)]="dueDate"
            />
            <p class="muted" id="compose-due-hint">The firm's calendar ({{ timeZone }}).</p>
            @if (errors()['dueDate']; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <div class="field">
            <label for="compose-owner">Owner</label>
            <select
              id="compose-owner"
              name="owner"
              data-testid="compose-owner"
              [attr.aria-invalid]="!!errors()['ownerStaffId']"
              [(ngModel)]="ownerStaffId"
            >
              @for (o of owners.options(); track o.id) {
                <option [value]="o.id">{{ o.label }}</option>
              }
            </select>
            @if (errors()['ownerStaffId']; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
        </div>
        <div class="check">
          <input
            id="compose-statutory"
            name="statutory"
            type="checkbox"
            data-testid="compose-statutory"
            [(ngModel)]="statutory"
          />
          <label for="compose-statutory">Statutory deadline (firmer reminders)</label>
        </div>
        @if (submission.error(); as message) {
          <div class="notice notice-error" role="alert" data-testid="compose-error">
            <p>{{ message }}</p>
          </div>
        }
        <div class="actions">
          <button
            type="submit"
            class="button button-primary"
            data-testid="compose-send"
            [disabled]="submission.blocked() || !!sent()"
          >
            {{ submission.busy() ? 'Sending…' : 'Send' }}
          </button>
        </div>
      </form>
    </section>
  `,
})
export class ComposeComponent implements OnInit {
  private readonly api = inject(ComposeApiService);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly timeZone = inject(BrandingService).timeZone;
  protected readonly today = firmToday(this.timeZone);
  protected readonly owners = ownerOptions();

  protected readonly client = signal<PickedClient | null>(null);
  protected readonly clientLoading = signal(false);
  protected readonly clients = signal<ClientSummary[] | null>(null);
  protected readonly clientsLoading = signal(false);
  protected readonly clientsError = signal<string | null>(null);
  protected readonly templates = signal<TaskTemplateView[]>([]);
  protected readonly templatesError = signal<string | null>(null);
  protected readonly templateId = signal('');
  protected readonly requests = signal<CreateRequestItem[]>([{ kind: 'question', prompt: '' }]);
  protected readonly sent = signal<SentResult | null>(null);
  protected readonly submission = createFormSubmit<string>({
    codeFields: { template_not_found: 'templateId', template_archived: 'templateId' },
  });
  protected readonly errors = this.submission.fieldErrors;

  protected clientText = '';
  protected title = '';
  protected description = '';
  protected dueDate = '';
  protected statutory = false;
  protected ownerStaffId = this.owners.me();
  /** One per form: a retry or double click of the same form never sends twice. */
  private idempotencyKey = newIdempotencyKey();

  ngOnInit(): void {
    const query = this.route.snapshot.queryParamMap;
    const clientId = query.get('clientId');
    const templateId = query.get('templateId');
    if (clientId) this.loadClient(clientId);
    else this.search();
    this.api
      .templates()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => {
          this.templates.set(list);
          if (templateId && list.some((t) => t.id === templateId)) this.useTemplate(templateId);
        },
        error: (err: unknown) => this.templatesError.set(toApiProblem(err).message),
      });
  }

  protected search(): void {
    this.clientsLoading.set(true);
    this.clientsError.set(null);
    this.api
      .clients(this.clientText)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.clients.set(page.items);
          this.clientsLoading.set(false);
        },
        error: (err: unknown) => {
          this.clientsLoading.set(false);
          this.clientsError.set(toApiProblem(err).message);
        },
      });
  }

  /** Chooses the client; chosen by hand, focus moves on to the task (the list goes away). */
  protected pick(c: PickedClient, moveFocus = true): void {
    this.client.set({ id: c.id, name: c.name, email: c.email });
    this.submission.clear();
    if (moveFocus) setTimeout(() => document.getElementById('compose-client-change')?.focus());
  }

  protected changeClient(): void {
    this.client.set(null);
    if (!this.clients()) this.search();
    setTimeout(() => document.getElementById('compose-client-q')?.focus());
  }

  protected useTemplate(id: string): void {
    this.templateId.set(id);
    const t = this.templates().find((x) => x.id === id);
    if (!t) return;
    this.title = t.title;
    this.description = t.description ?? '';
    this.requests.set(t.requests.map((r) => ({ ...r })));
    this.dueDate = templateDueDate(t.dueInDays, this.today);
    this.statutory = t.statutory;
  }

  protected send(): void {
    if (this.submission.blocked() || this.sent()) return;
    const client = this.client();
    const body: ComposeTaskRequest = {
      ...(this.templateId() ? { templateId: this.templateId() } : {}),
      title: this.title.trim(),
      description: this.description.trim() || null,
      requests: cleanRequests(this.requests()),
      dueDate: this.dueDate || null,
      statutory: this.statutory,
      ...(this.ownerStaffId ? { ownerStaffId: this.ownerStaffId } : {}),
    };
    const missing: Record<string, string> = {};
    if (!client) missing['client'] = 'Please choose the client.';
    if (!body.title) missing['title'] = 'Please give the task a title.';
    if (!body.requests?.length) missing['requests'] = 'Please add at least one request.';
    if (!client || Object.keys(missing).length) {
      this.submission.reject('Please fill in what is marked below before sending.', missing);
      return;
    }
    this.submission.run(this.api.compose(client.id, body, this.idempotencyKey), {
      next: (r) =>
        this.sent.set({
          clientId: client.id,
          clientName: client.name,
          taskId: r.task.id,
          title: r.task.title,
          to: r.sent.to,
        }),
    });
  }

  /** A new, empty form with a new key; the client stays chosen. */
  protected another(): void {
    this.sent.set(null);
    this.submission.clear();
    this.idempotencyKey = newIdempotencyKey();
    this.templateId.set('');
    this.title = '';
    this.description = '';
    this.dueDate = '';
    this.statutory = false;
    this.requests.set([{ kind: 'question', prompt: '' }]);
    setTimeout(() => document.getElementById('compose-template')?.focus());
  }

  private loadClient(id: string): void {
    this.clientLoading.set(true);
    this.api
      .client(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (c) => {
          this.clientLoading.set(false);
          this.pick(c, false);
        },
        error: (err: unknown) => {
          this.clientLoading.set(false);
          this.clientsError.set(toApiProblem(err).message);
        },
      });
  }
}
