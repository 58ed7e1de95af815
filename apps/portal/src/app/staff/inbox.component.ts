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
import { RouterLink } from '@angular/router';
import { type Observable } from 'rxjs';
import type { InboxCounts, InboxItem, InboxPage, InboxQuery, InboxView } from '@app/contracts';
import { toApiProblem } from '../core/api-problem';
import { StaffApiService } from './staff-api.service';
import { dueText, shortTime } from './staff-format';

const PAGE_SIZE = 25;

/** The views shown as count buttons, in the order a paralegal works through them. */
export const INBOX_TABS: { view: InboxView; label: string; count: keyof InboxCounts | null }[] = [
  { view: 'needs_firm', label: 'Needs the firm', count: 'needsFirm' },
  { view: 'unread', label: 'Unread', count: 'unread' },
  { view: 'overdue', label: 'Overdue', count: 'overdue' },
  { view: 'waiting', label: 'Waiting on the client', count: 'waiting' },
  { view: 'not_opened', label: 'Sent, not opened', count: 'notOpened' },
  { view: 'in_progress', label: 'Opened or in progress', count: 'inProgress' },
  { view: 'all', label: 'All sent tasks', count: null },
];

/** What is new on a task, as short badges. */
export function newsBadges(item: InboxItem): string[] {
  const badges: string[] = [];
  const plural = (n: number, one: string, many: string) => (n === 1 ? one : `${n} ${many}`);
  if (item.news.declined) badges.push('Declined confirmation');
  if (item.news.answers) badges.push(plural(item.news.answers, 'New answer', 'new answers'));
  if (item.news.documents) {
    badges.push(plural(item.news.documents, 'New document', 'new documents'));
  }
  if (item.news.messages) badges.push(plural(item.news.messages, 'New message', 'new messages'));
  return badges;
}

/** Where a task stands, in words. */
export function stateText(item: InboxItem): string {
  if (item.status === 'cancelled') return 'Withdrawn';
  if (item.needsFirm) return 'Needs the firm';
  if (item.status === 'completed') return 'Completed';
  return item.openedAt ? 'Opened, in progress' : 'Sent, not opened';
}

type State =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; page: InboxPage };

/** The inbox across clients: what waits on whom, with counts, filters and read/unread. */
@Component({
  selector: 'cp-staff-inbox',
  imports: [FormsModule, RouterLink],
  styleUrl: './staff.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page-head">
      <h1>Inbox</h1>
      @if (state(); as s) {
        @if (s.kind === 'ready') {
          <p class="muted" data-testid="inbox-total" aria-live="polite">
            {{ s.page.total }} {{ s.page.total === 1 ? 'task' : 'tasks' }}
          </p>
        }
      }
    </div>

    <ul class="counts" role="list" aria-label="Views">
      @for (tab of tabs; track tab.view) {
        <li>
          <button
            type="button"
            class="count"
            [attr.aria-pressed]="query().view === tab.view"
            [attr.data-testid]="'inbox-view-' + tab.view"
            (click)="setView(tab.view)"
          >
            {{ tab.label }}
            @if (tab.count && counts(); as c) {
              <strong [attr.data-testid]="'inbox-count-' + tab.view">{{ c[tab.count] }}</strong>
            }
          </button>
        </li>
      }
    </ul>

    <form class="filters" (ngSubmit)="search()" role="search" aria-label="Filter the inbox">
      <div>
        <label for="inbox-q">Search</label>
        <input
          id="inbox-q"
          name="q"
          type="search"
          data-testid="inbox-search"
          placeholder="Task, reference, client or e-mail"
          [(ngModel)]="text"
        />
      </div>
      <div>
        <label for="inbox-owner">Owner</label>
        <select
          id="inbox-owner"
          name="owner"
          data-testid="inbox-owner"
          [ngModel]="query().owner ?? 'all'"
          (ngModelChange)="patch({ owner: $event })"
        >
          <option value="all">Everyone's</option>
          <option value="mine">Mine</option>
        </select>
      </div>
      <div>
        <label for="inbox-status">Status</label>
        <select
          id="inbox-status"
          name="status"
          data-testid="inbox-status"
          [ngModel]="query().status ?? 'any'"
          (ngModelChange)="patch({ status: $event })"
        >
          <option value="any">Any</option>
          <option value="open">Open</option>
          <option value="completed">Completed</option>
          <option value="cancelled">Withdrawn</option>
        </select>
      </div>
      <div>
        <label for="inbox-due">Due</label>
        <select
          id="inbox-due"
          name="due"
          data-testid="inbox-due"
          [ngModel]="query().due ?? ''"
          (ngModelChange)="patch({ due: $event || undefined })"
        >
          <option value="">Any date</option>
          <option value="overdue">Overdue</option>
          <option value="week">Within 7 days</option>
          <option value="none">No due date</option>
        </select>
      </div>
      <button type="submit" class="button">Search</button>
    </form>

    @switch (state().kind) {
      @case ('loading') {
        <p class="loading" data-testid="inbox-loading" aria-busy="true">
          <span class="spinner" aria-hidden="true"></span>
          Loading the inbox…
        </p>
      }
      @case ('error') {
        <div class="notice notice-error" role="alert" data-testid="inbox-error">
          <p>{{ errorMessage() }}</p>
          <button type="button" class="button" (click)="load()">Try again</button>
        </div>
      }
    }
    @if (page(); as p) {
      @if (p.items.length === 0) {
        <p class="empty" data-testid="inbox-empty">
          Nothing here. Tasks appear once they are sent to a client.
        </p>
      } @else {
        <ul class="rows" role="list" data-testid="inbox-list">
          @for (item of p.items; track item.taskId) {
            <li class="row" [class.unread]="item.unread" data-testid="inbox-item">
              <p class="row-title">
                <a
                  [routerLink]="['/staff/clients', item.client.id, 'tasks', item.taskId]"
                  [attr.data-testid]="'inbox-open-' + item.reference"
                  >{{ item.title }}</a
                >
                @if (item.unread) {
                  <span class="badge" data-testid="inbox-unread">Unread</span>
                }
              </p>
              <p class="meta">
                <span>{{ item.client.name }}</span>
                <span>{{ item.reference }}</span>
                <span [class.badge-error]="item.overdue" [class.badge]="item.overdue"
                  >Due: {{ due(item.dueDate) }}{{ item.overdue ? ' (overdue)' : '' }}</span
                >
                <span>Owner: {{ item.owner?.displayName ?? 'nobody' }}</span>
                <span>Client activity: {{ time(item.lastClientActivityAt) }}</span>
              </p>
              <p class="badges">
                <span class="badge" [class.badge-warn]="item.needsFirm" data-testid="inbox-state">{{
                  state_(item)
                }}</span>
                @for (badge of badges(item); track badge) {
                  <span class="badge badge-warn">{{ badge }}</span>
                }
              </p>
              <p>
                <button
                  type="button"
                  class="link-button"
                  [attr.data-testid]="'inbox-toggle-read-' + item.reference"
                  (click)="toggleRead(item)"
                >
                  {{ item.unread ? 'Mark read' : 'Mark unread' }}
                </button>
              </p>
            </li>
          }
        </ul>
        @if (p.total > p.limit) {
          <nav class="pager" aria-label="Inbox pages">
            <button
              type="button"
              class="button"
              [disabled]="p.offset === 0"
              (click)="patch({ offset: p.offset - p.limit })"
            >
              Previous
            </button>
            <span>{{ p.offset + 1 }}–{{ p.offset + p.items.length }} of {{ p.total }}</span>
            <button
              type="button"
              class="button"
              [disabled]="p.offset + p.limit >= p.total"
              (click)="patch({ offset: p.offset + p.limit })"
            >
              Next
            </button>
          </nav>
        }
      }
    }
    @if (actionError(); as message) {
      <div class="notice notice-error" role="alert">
        <p>{{ message }}</p>
      </div>
    }
  `,
})
export class InboxComponent implements OnInit {
  private readonly api = inject(StaffApiService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly tabs = INBOX_TABS;
  protected readonly state = signal<State>({ kind: 'loading' });
  protected readonly query = signal<InboxQuery>({ view: 'needs_firm', limit: PAGE_SIZE });
  protected readonly counts = signal<InboxCounts | null>(null);
  protected readonly page = signal<InboxPage | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected text = '';

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.state.set({ kind: 'loading' });
    this.api
      .inbox(this.query())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.page.set(page);
          this.counts.set(page.counts);
          this.state.set({ kind: 'ready', page });
        },
        error: (err: unknown) => {
          this.page.set(null);
          this.state.set({ kind: 'error', message: toApiProblem(err).message });
        },
      });
  }

  protected errorMessage(): string {
    const s = this.state();
    return s.kind === 'error' ? s.message : '';
  }

  protected setView(view: InboxView): void {
    this.patch({ view });
  }

  protected patch(change: Partial<InboxQuery>): void {
    this.query.update((q) => ({ ...q, offset: 0, ...change }));
    this.load();
  }

  protected search(): void {
    this.patch({ q: this.text.trim() || undefined });
  }

  protected toggleRead(item: InboxItem): void {
    this.actionError.set(null);
    const call: Observable<unknown> = item.unread
      ? this.api.markRead(item.taskId)
      : this.api.markUnread(item.taskId);
    call.subscribe({
      next: () => this.load(),
      error: (err: unknown) => this.actionError.set(toApiProblem(err).message),
    });
  }

  protected badges(item: InboxItem): string[] {
    return newsBadges(item);
  }

  protected state_(item: InboxItem): string {
    return stateText(item);
  }

  protected due(date: string | null): string {
    return dueText(date);
  }

  protected time(iso: string | null): string {
    return shortTime(iso);
  }
}
