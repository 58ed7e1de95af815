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
import type {
  CreateRequestItem,
  CreateTaskTemplateRequest,
  TaskTemplateView,
} from '@app/contracts';
import { toApiProblem } from '../../core/api-problem';
import { createFormSubmit } from '../../core/form-submit';
import { ComposeApiService } from './compose-api.service';
import { cleanRequests, REQUEST_KIND_TEXT } from './compose-format';
import { RequestListComponent } from './request-list.component';

/** The library's search: a template matches on its name, title or description. */
export function matchesTemplate(t: TaskTemplateView, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  return [t.name, t.title, t.description ?? ''].some((v) => v.toLowerCase().includes(q));
}

/** "2 questions, 1 document" for a template's requests. */
export function requestCounts(requests: CreateRequestItem[]): string {
  const parts: string[] = [];
  for (const kind of ['question', 'document', 'confirmation'] as const) {
    const n = requests.filter((r) => r.kind === kind).length;
    if (n) parts.push(`${n} ${REQUEST_KIND_TEXT[kind].toLowerCase()}${n === 1 ? '' : 's'}`);
  }
  return parts.join(', ') || 'no requests';
}

/**
 * The template library (issue 12): search, create, edit, delete (a used template is archived)
 * and "Use" to compose a task from it.
 */
@Component({
  selector: 'cp-staff-templates',
  imports: [FormsModule, RouterLink, RequestListComponent],
  styleUrls: ['../staff.css', './compose.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page-head">
      <h1>Templates</h1>
      <button
        type="button"
        class="button"
        data-testid="templates-new"
        [attr.aria-expanded]="editing() !== null"
        aria-controls="template-form"
        (click)="startNew()"
      >
        New template
      </button>
    </div>

    @if (notice(); as message) {
      <div class="notice notice-success" role="status" data-testid="templates-notice">
        <p>{{ message }}</p>
      </div>
    }

    @if (editing() !== null) {
      <section class="section" id="template-form" aria-labelledby="template-form-heading">
        <h2 id="template-form-heading">
          {{ editing() === 'new' ? 'New template' : 'Edit template' }}
        </h2>
        <form class="form" (ngSubmit)="save()" novalidate data-testid="template-form">
          <div class="field">
            <label for="template-name">Name in the library</label>
            <input
              id="template-name"
              name="name"
              autocomplete="off"
              maxlength="120"
              data-testid="template-name"
              aria-describedby="template-name-hint"
              [attr.aria-invalid]="!!errors()['name']"
              [(ngModel)]="name"
            />
            <p class="muted" id="template-name-hint">
              How staff find it, e.g. "Power of attorney".
            </p>
            @if (errors()['name']; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <div class="field">
            <label for="template-title">Task title (the client sees it)</label>
            <input
              id="template-title"
              name="title"
              autocomplete="off"
              maxlength="200"
              data-testid="template-title"
              [attr.aria-invalid]="!!errors()['title']"
              [(ngModel)]="title"
            />
            @if (errors()['title']; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <div class="field">
            <label for="template-description">Description (optional)</label>
            <textarea
              id="template-description"
              name="description"
              rows="3"
              maxlength="5000"
              data-testid="template-description"
              [(ngModel)]="description"
            ></textarea>
            @if (errors()['description']; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <div class="grid-2">
            <div class="field">
              <label for="template-due">Due in days (optional)</label>
              <input
                id="template-due"
                name="dueInDays"
                type="number"
                min="1"
                max="365"
                inputmode="numeric"
                data-testid="template-due"
                aria-describedby="template-due-hint"
                [attr.aria-invalid]="!!errors()['dueInDays']"
                [(ngModel)]="dueInDays"
              />
              <p class="muted" id="template-due-hint">
                Days from the day it is sent (1 to 365); empty: no due date.
              </p>
              @if (errors()['dueInDays']; as message) {
                <p class="field-error">{{ message }}</p>
              }
            </div>
            <div class="check">
              <input
                id="template-statutory"
                name="statutory"
                type="checkbox"
                data-testid="template-statutory"
                [(ngModel)]="statutory"
              />
              <label for="template-statutory">Statutory deadline (firmer reminders)</label>
            </div>
          </div>
          <cp-request-list
            idPrefix="template"
            legend="Requests to the client"
            [(requests)]="requests"
            [errors]="errors()"
          />
          @if (submission.error(); as message) {
            <div class="notice notice-error" role="alert" data-testid="template-error">
              <p>{{ message }}</p>
            </div>
          }
          <div class="actions">
            <button
              type="submit"
              class="button button-primary"
              data-testid="template-save"
              [disabled]="submission.blocked()"
            >
              {{ submission.busy() ? 'Saving…' : 'Save template' }}
            </button>
            <button type="button" class="button" (click)="cancel()">Cancel</button>
          </div>
        </form>
      </section>
    }

    <form class="filters" role="search" aria-label="Find a template">
      <div>
        <label for="templates-q">Search</label>
        <input
          id="templates-q"
          name="q"
          type="search"
          data-testid="templates-search"
          placeholder="Name, title or description"
          [ngModel]="query()"
          (ngModelChange)="query.set($event)"
        />
      </div>
    </form>

    @if (loading()) {
      <p class="loading" data-testid="templates-loading" aria-busy="true">
        <span class="spinner" aria-hidden="true"></span>
        Loading templates…
      </p>
    }
    @if (error(); as message) {
      <div class="notice notice-error" role="alert" data-testid="templates-error">
        <p>{{ message }}</p>
        <button type="button" class="button" (click)="load()">Try again</button>
      </div>
    }
    @if (templates(); as all) {
      @if (all.length === 0) {
        <p class="empty" data-testid="templates-empty">
          No templates yet —
          <button type="button" class="link-button" (click)="startNew()">create one</button>.
        </p>
      } @else if (shown().length === 0) {
        <p class="empty" data-testid="templates-empty">No template matches this search.</p>
      } @else {
        <ul class="rows" role="list" data-testid="templates-list">
          @for (t of shown(); track t.id) {
            <li class="row" data-testid="templates-item" [attr.data-name]="t.name">
              <h2 class="row-title">{{ t.name }}</h2>
              <p>{{ t.title }}</p>
              <p class="meta">
                <span>{{ counts(t) }}</span>
                <span>{{
                  t.dueInDays
                    ? 'Due ' +
                      t.dueInDays +
                      (t.dueInDays === 1 ? ' day' : ' days') +
                      ' after sending'
                    : 'No due date'
                }}</span>
                @if (t.statutory) {
                  <span class="badge badge-warn">Statutory</span>
                }
                <span>Used {{ t.uses }} {{ t.uses === 1 ? 'time' : 'times' }}</span>
              </p>
              @if (confirming() === t.id) {
                <div class="notice notice-error" role="alert">
                  <p>
                    {{
                      t.uses
                        ? 'Remove "' +
                          t.name +
                          '"? It was used, so it is archived: kept for the tasks sent from it, no longer offered.'
                        : 'Delete "' + t.name + '"? This cannot be undone.'
                    }}
                  </p>
                  <div class="row-actions">
                    <button
                      type="button"
                      class="button button-small"
                      data-testid="template-delete-confirm"
                      [disabled]="removing()"
                      (click)="remove(t)"
                    >
                      {{ t.uses ? 'Yes, archive it' : 'Yes, delete it' }}
                    </button>
                    <button
                      type="button"
                      class="button button-small"
                      (click)="confirming.set(null)"
                    >
                      Keep it
                    </button>
                  </div>
                </div>
              }
              <div class="row-actions">
                <a
                  class="button button-small button-primary"
                  data-testid="template-use"
                  [routerLink]="['/staff/compose']"
                  [queryParams]="{ templateId: t.id }"
                  [attr.aria-label]="'Use ' + t.name + ' to compose a task'"
                  >Use</a
                >
                <button
                  type="button"
                  class="button button-small"
                  data-testid="template-edit"
                  [attr.aria-label]="'Edit ' + t.name"
                  (click)="startEdit(t)"
                >
                  Edit
                </button>
                <button
                  type="button"
                  class="button button-small"
                  data-testid="template-delete"
                  [attr.aria-label]="'Delete ' + t.name"
                  (click)="confirming.set(t.id)"
                >
                  Delete
                </button>
              </div>
            </li>
          }
        </ul>
      }
    }
  `,
})
export class TemplatesComponent implements OnInit {
  private readonly api = inject(ComposeApiService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly templates = signal<TaskTemplateView[] | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly query = signal('');
  protected readonly shown = computed(() =>
    (this.templates() ?? []).filter((t) => matchesTemplate(t, this.query())),
  );
  /** 'new', a template id being edited, or null (no form). */
  protected readonly editing = signal<string | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly removing = signal(false);
  protected readonly notice = signal<string | null>(null);
  protected readonly submission = createFormSubmit<string>({
    codeFields: { template_name_taken: 'name' },
  });
  protected readonly errors = this.submission.fieldErrors;

  protected name = '';
  protected title = '';
  protected description = '';
  protected dueInDays: number | null = null;
  protected statutory = false;
  protected readonly requests = signal<CreateRequestItem[]>([]);

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .templates()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => {
          this.templates.set(list);
          this.loading.set(false);
        },
        error: (err: unknown) => {
          this.templates.set(null);
          this.loading.set(false);
          this.error.set(toApiProblem(err).message);
        },
      });
  }

  protected counts(t: TaskTemplateView): string {
    return requestCounts(t.requests);
  }

  protected startNew(): void {
    this.fill(null);
    this.editing.set('new');
    this.focusForm();
  }

  protected startEdit(t: TaskTemplateView): void {
    this.fill(t);
    this.editing.set(t.id);
    this.focusForm();
  }

  protected cancel(): void {
    this.editing.set(null);
    this.submission.clear();
  }

  protected save(): void {
    if (this.submission.blocked()) return;
    const body: CreateTaskTemplateRequest = {
      name: this.name.trim(),
      title: this.title.trim(),
      description: this.description.trim() || null,
      requests: cleanRequests(this.requests()),
      dueInDays:
        this.dueInDays === null || String(this.dueInDays) === '' ? null : Number(this.dueInDays),
      statutory: this.statutory,
    };
    const missing: Record<string, string> = {};
    if (!body.name) missing['name'] = 'Please give the template a name.';
    if (!body.title) missing['title'] = 'Please give the task a title.';
    if (body.requests.length === 0) missing['requests'] = 'Please add at least one request.';
    if (Object.keys(missing).length) {
      this.submission.reject('Please fill in the fields marked below.', missing);
      return;
    }
    const id = this.editing();
    const call =
      id && id !== 'new' ? this.api.updateTemplate(id, body) : this.api.createTemplate(body);
    this.submission.run(call, {
      next: (saved) => {
        this.editing.set(null);
        this.notice.set(`Template "${saved.name}" saved.`);
        this.load();
      },
    });
  }

  protected remove(t: TaskTemplateView): void {
    this.removing.set(true);
    this.api
      .removeTemplate(t.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (r) => {
          this.removing.set(false);
          this.confirming.set(null);
          this.notice.set(
            r.outcome === 'archived'
              ? `Template "${t.name}" archived: tasks sent from it keep their text.`
              : `Template "${t.name}" deleted.`,
          );
          this.load();
        },
        error: (err: unknown) => {
          this.removing.set(false);
          this.confirming.set(null);
          this.error.set(toApiProblem(err).message);
        },
      });
  }

  private fill(t: TaskTemplateView | null): void {
    this.submission.clear();
    this.notice.set(null);
    this.name = t?.name ?? '';
    this.title = t?.title ?? '';
    this.description = t?.description ?? '';
    this.dueInDays = t?.dueInDays ?? null;
    this.statutory = t?.statutory ?? false;
    this.requests.set(t ? t.requests.map((r) => ({ ...r })) : [{ kind: 'question', prompt: '' }]);
  }

  private focusForm(): void {
    queueMicrotask(() => setTimeout(() => document.getElementById('template-name')?.focus()));
  }
}
