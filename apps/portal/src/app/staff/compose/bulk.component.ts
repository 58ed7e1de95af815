import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  BULK_MAX_ROWS,
  type BulkDispatchRequest,
  type BulkDispatchResponse,
  type BulkRowResult,
  type ClientSummary,
  type TaskTemplateView,
} from '@app/contracts';
import { toApiProblem } from '../../core/api-problem';
import { BrandingService } from '../../core/branding.service';
import { createFormSubmit } from '../../core/form-submit';
import { ComposeApiService } from './compose-api.service';
import {
  bulkSummary,
  type CsvPreview,
  firmToday,
  newIdempotencyKey,
  previewCsv,
  templateDueDate,
} from './compose-format';
import { ownerOptions } from './owner-options';

export const BULK_STATUS_TEXT: Record<BulkRowResult['status'], string> = {
  sent: 'Sent',
  skipped: 'Skipped',
  failed: 'Failed',
};

type Picked = Pick<ClientSummary, 'id' | 'name' | 'email'>;

/**
 * Bulk send (issue 12): one template to many clients, chosen from a searchable list or read from
 * a CSV (previewed before sending), with a due date and an owner; per-client results after.
 */
@Component({
  selector: 'cp-staff-bulk',
  imports: [FormsModule, RouterLink],
  styleUrls: ['../staff.css', './compose.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Bulk send</h1>
    <p class="muted">
      One template to many clients at once: at most {{ maxRows }} clients or CSV rows per send.
    </p>

    @if (result(); as r) {
      <section class="section" aria-labelledby="bulk-results-heading" data-testid="bulk-results">
        <h2 id="bulk-results-heading" tabindex="-1">Results</h2>
        <p role="status" data-testid="bulk-summary">
          <strong>{{ summary(r) }}</strong>
        </p>
        <div class="table-wrap">
          <table>
            <caption class="sr-only">
              What happened for each client
            </caption>
            <thead>
              <tr>
                <th scope="col" class="nowrap">Row</th>
                <th scope="col">Client</th>
                <th scope="col">Result</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              @for (row of r.results; track row.row) {
                <tr data-testid="bulk-row" [attr.data-status]="row.status">
                  <td class="nowrap">{{ row.row }}</td>
                  <td>{{ clientLabel(row) }}</td>
                  <td [class]="'nowrap status-' + row.status">
                    {{ statusText[row.status] }}
                  </td>
                  <td>
                    @if (row.reason) {
                      {{ row.reason.message }}
                    }
                    @if (row.taskId && row.clientId) {
                      <a [routerLink]="['/staff/clients', row.clientId, 'tasks', row.taskId]"
                        >Open the task</a
                      >
                    }
                    @if (row.createdClient) {
                      <span class="badge">New client</span>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button type="button" class="button" data-testid="bulk-again" (click)="again()">
            Start a new bulk send
          </button>
        </div>
      </section>
    }

    <form class="form" (ngSubmit)="send()" novalidate data-testid="bulk-form" [hidden]="!!result()">
      <div class="field">
        <label for="bulk-template">Template</label>
        <select
          id="bulk-template"
          name="templateId"
          data-testid="bulk-template"
          [attr.aria-invalid]="!!errors()['templateId']"
          [ngModel]="templateId()"
          (ngModelChange)="useTemplate($event)"
        >
          <option value="">Choose a template</option>
          @for (t of templates(); track t.id) {
            <option [value]="t.id">{{ t.name }}</option>
          }
        </select>
        @if (templatesError(); as message) {
          <p class="field-error">Templates could not be loaded: {{ message }}</p>
        } @else if (templatesLoaded() && templates().length === 0) {
          <p class="muted">No templates yet: <a routerLink="/staff/templates">create one</a>.</p>
        }
        @if (errors()['templateId']; as message) {
          <p class="field-error">{{ message }}</p>
        }
      </div>

      <fieldset>
        <legend>Clients</legend>
        <div class="row-actions" role="radiogroup" aria-label="How to choose the clients">
          <label class="check">
            <input
              type="radio"
              name="mode"
              value="pick"
              data-testid="bulk-mode-pick"
              [ngModel]="mode()"
              (ngModelChange)="mode.set($event)"
            />
            Choose from the client list
          </label>
          <label class="check">
            <input
              type="radio"
              name="mode"
              value="csv"
              data-testid="bulk-mode-csv"
              [ngModel]="mode()"
              (ngModelChange)="mode.set($event)"
            />
            Upload a CSV
          </label>
        </div>

        @if (mode() === 'pick') {
          <div class="filters">
            <div>
              <label for="bulk-client-q">Find clients</label>
              <input
                id="bulk-client-q"
                name="q"
                type="search"
                data-testid="bulk-client-search"
                placeholder="Name or order e-mail"
                [(ngModel)]="clientText"
                (keydown.enter)="$event.preventDefault(); search()"
              />
            </div>
            <button type="button" class="button" (click)="search()">Search</button>
          </div>
          <p data-testid="bulk-chosen-count" aria-live="polite">
            {{ chosen().size }} {{ chosen().size === 1 ? 'client' : 'clients' }} chosen
          </p>
          @if (clientsLoading()) {
            <p class="loading" aria-busy="true">
              <span class="spinner" aria-hidden="true"></span>
              Finding clients…
            </p>
          } @else if (clientsError(); as message) {
            <div class="notice notice-error" role="alert">
              <p>{{ message }}</p>
              <button type="button" class="button" (click)="search()">Try again</button>
            </div>
          } @else if (clients(); as list) {
            @if (list.length === 0) {
              <p class="empty">No client matches this search.</p>
            } @else {
              <ul class="picker" role="list" aria-label="Clients found">
                @for (c of list; track c.id) {
                  <li>
                    <label>
                      <input
                        type="checkbox"
                        [attr.data-testid]="'bulk-pick-' + c.email"
                        [checked]="chosen().has(c.id)"
                        (change)="toggle(c, $any($event.target).checked)"
                      />
                      <span>{{ c.name }}</span>
                      <span class="muted">{{ c.email }}</span>
                    </label>
                  </li>
                }
              </ul>
            }
          }
        } @else {
          <div class="field">
            <label for="bulk-csv-file">CSV file (email,name per line)</label>
            <input
              id="bulk-csv-file"
              type="file"
              accept=".csv,text/csv,text/plain"
              data-testid="bulk-csv-file"
              aria-describedby="bulk-csv-hint"
              (change)="readFile($any($event.target).files)"
            />
            <p class="muted" id="bulk-csv-hint">
              One client per line: e-mail address, then the name (needed for a client who is not in
              the portal yet: they are created). A header line "email,name" is allowed. At most
              {{ maxRows }} rows.
            </p>
          </div>
          <div class="field">
            <label for="bulk-csv-text">Or paste the CSV</label>
            <textarea
              id="bulk-csv-text"
              name="csv"
              rows="4"
              data-testid="bulk-csv-text"
              [ngModel]="csv()"
              (ngModelChange)="csv.set($event)"
            ></textarea>
            @if (errors()['csv']; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          @if (preview(); as p) {
            @if (p.tooMany) {
              <p class="field-error" role="alert" data-testid="bulk-csv-too-many">
                This CSV has {{ p.rows.length }} rows; at most {{ maxRows }} can be sent at once.
                Split it into smaller files.
              </p>
            }
            @if (p.rows.length) {
              <div class="table-wrap" data-testid="bulk-csv-preview">
                <table>
                  <caption>
                    Preview:
                    {{
                      p.rows.length
                    }}
                    {{
                      p.rows.length === 1 ? 'row' : 'rows'
                    }}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col" class="nowrap">Line</th>
                      <th scope="col">E-mail</th>
                      <th scope="col">Name</th>
                      <th scope="col">Check</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (row of p.rows; track row.line) {
                      <tr data-testid="bulk-csv-row">
                        <td class="nowrap">{{ row.line }}</td>
                        <td>{{ row.email || '—' }}</td>
                        <td>{{ row.name || '—' }}</td>
                        <td [class]="row.problem ? 'status-failed' : ''">
                          {{ row.problem ?? 'OK' }}
                        </td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            }
          }
        }
        @if (errors()['clientIds']; as message) {
          <p class="field-error">{{ message }}</p>
        }
        @if (errors()['clients']; as message) {
          <p class="field-error" role="alert">{{ message }}</p>
        }
      </fieldset>

      <div class="grid-2">
        <div class="field">
          <label for="bulk-due">Due date (optional)</label>
          <input
            id="bulk-due"
            name="dueDate"
            type="date"
            data-testid="bulk-due"
            aria-describedby="bulk-due-hint"
            [min]="today"
            [attr.aria-invalid]="!!errors()['dueDate']"
            [(ngModel)]="dueDate"
          />
          <p class="muted" id="bulk-due-hint">The firm's calendar ({{ timeZone }}).</p>
          @if (errors()['dueDate']; as message) {
            <p class="field-error">{{ message }}</p>
          }
        </div>
        <div class="field">
          <label for="bulk-owner">Owner</label>
          <select id="bulk-owner" name="owner" data-testid="bulk-owner" [(ngModel)]="ownerStaffId">
            @for (o of owners.options(); track o.id) {
              <option [value]="o.id">{{ o.label }}</option>
            }
          </select>
          @if (errors()['ownerStaffId']; as message) {
            <p class="field-error">{{ message }}</p>
          }
        </div>
      </div>

      @if (submission.error(); as message) {
        <div class="notice notice-error" role="alert" data-testid="bulk-error">
          <p>{{ message }}</p>
        </div>
      }
      @if (submission.busy()) {
        <div class="loading" role="status" data-testid="bulk-progress">
          <span class="spinner" aria-hidden="true"></span>
          <span
            >Sending to {{ sendingCount() }} {{ sendingCount() === 1 ? 'client' : 'clients' }}… this
            can take a minute.</span
          >
        </div>
        <progress aria-label="Sending"></progress>
      }
      <div class="actions">
        <button
          type="submit"
          class="button button-primary"
          data-testid="bulk-send"
          [disabled]="submission.blocked() || !!result()"
        >
          {{ submission.busy() ? 'Sending…' : sendLabel() }}
        </button>
      </div>
    </form>
  `,
})
export class BulkComponent implements OnInit {
  private readonly api = inject(ComposeApiService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly timeZone = inject(BrandingService).timeZone;
  protected readonly today = firmToday(this.timeZone);
  protected readonly owners = ownerOptions();
  protected readonly maxRows = BULK_MAX_ROWS;
  protected readonly statusText = BULK_STATUS_TEXT;

  protected readonly templates = signal<TaskTemplateView[]>([]);
  protected readonly templatesLoaded = signal(false);
  protected readonly templatesError = signal<string | null>(null);
  protected readonly templateId = signal('');
  protected readonly mode = signal<'pick' | 'csv'>('pick');
  protected readonly clients = signal<ClientSummary[] | null>(null);
  protected readonly clientsLoading = signal(false);
  protected readonly clientsError = signal<string | null>(null);
  protected readonly chosen = signal<Map<string, Picked>>(new Map());
  protected readonly csv = signal('');
  protected readonly preview = computed<CsvPreview | null>(() =>
    this.csv().trim() ? previewCsv(this.csv()) : null,
  );
  protected readonly sendingCount = signal(0);
  protected readonly result = signal<BulkDispatchResponse | null>(null);
  protected readonly sendLabel = computed(() => {
    const n = this.mode() === 'pick' ? this.chosen().size : (this.preview()?.rows.length ?? 0);
    return n ? `Send to ${n} ${n === 1 ? 'client' : 'clients'}` : 'Send';
  });
  protected readonly submission = createFormSubmit<string>({
    codeFields: { template_not_found: 'templateId', template_archived: 'templateId' },
  });
  protected readonly errors = this.submission.fieldErrors;

  protected clientText = '';
  protected dueDate = '';
  protected ownerStaffId = this.owners.me();
  /** What the last send chose, to name the clients in the results. */
  private sentClients = new Map<string, Picked>();
  private idempotencyKey = newIdempotencyKey();

  ngOnInit(): void {
    this.search();
    this.api
      .templates()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => {
          this.templates.set(list);
          this.templatesLoaded.set(true);
        },
        error: (err: unknown) => this.templatesError.set(toApiProblem(err).message),
      });
  }

  protected useTemplate(id: string): void {
    this.templateId.set(id);
    const t = this.templates().find((x) => x.id === id);
    if (t) this.dueDate = templateDueDate(t.dueInDays, this.today);
  }

  protected search(): void {
    this.clientsLoading.set(true);
    this.clientsError.set(null);
    this.api
      .clients(this.clientText, 50)
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

  protected toggle(c: Picked, on: boolean): void {
    this.chosen.update((map) => {
      const next = new Map(map);
      if (on) next.set(c.id, { id: c.id, name: c.name, email: c.email });
      else next.delete(c.id);
      return next;
    });
  }

  protected async readFile(files: FileList | null): Promise<void> {
    const file = files?.[0];
    if (!file) return;
    if (file.size > 200_000) {
      this.submission.reject('This file is too large for one send: at most 200 rows.');
      return;
    }
    this.csv.set(await file.text());
  }

  protected summary(r: BulkDispatchResponse): string {
    return bulkSummary(r);
  }

  protected clientLabel(row: BulkRowResult): string {
    const known = row.clientId ? this.sentClients.get(row.clientId) : undefined;
    if (known) return `${known.name} (${known.email})`;
    return row.email ?? row.clientId ?? '—';
  }

  protected send(): void {
    if (this.submission.blocked() || this.result()) return;
    const body: BulkDispatchRequest = {
      templateId: this.templateId(),
      dueDate: this.dueDate || null,
      ...(this.ownerStaffId ? { ownerStaffId: this.ownerStaffId } : {}),
    };
    const missing: Record<string, string> = {};
    if (!body.templateId) missing['templateId'] = 'Please choose a template.';
    let count = 0;
    if (this.mode() === 'pick') {
      body.clientIds = [...this.chosen().keys()];
      count = body.clientIds.length;
      if (!count) missing['clients'] = 'Please choose at least one client.';
      else if (count > BULK_MAX_ROWS)
        missing['clients'] = `At most ${BULK_MAX_ROWS} clients can be sent at once.`;
    } else {
      const p = this.preview();
      body.csv = this.csv();
      count = p?.rows.length ?? 0;
      if (!count) missing['clients'] = 'Please upload or paste a CSV with at least one row.';
      else if (p?.tooMany)
        missing['clients'] = `At most ${BULK_MAX_ROWS} rows can be sent at once.`;
    }
    if (Object.keys(missing).length) {
      this.submission.reject('Please fill in what is marked below before sending.', missing);
      return;
    }
    this.sentClients = new Map(this.chosen());
    this.sendingCount.set(count);
    this.submission.run(this.api.bulk(body, this.idempotencyKey), {
      next: (r) => {
        this.result.set(r);
        setTimeout(() => document.getElementById('bulk-results-heading')?.focus());
      },
    });
  }

  /** A new bulk send: a new key; the choices stay for another template. */
  protected again(): void {
    this.result.set(null);
    this.submission.clear();
    this.idempotencyKey = newIdempotencyKey();
    setTimeout(() => document.getElementById('bulk-template')?.focus());
  }
}
