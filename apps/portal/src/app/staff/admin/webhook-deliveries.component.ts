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
import type { Page, WebhookDeliveryStatus, WebhookDeliveryView } from '@app/contracts';
import { toApiProblem } from '../../core/api-problem';
import { shortTime } from '../staff-format';
import { AdminApiService } from './admin-api.service';

const PAGE_SIZE = 20;

export const DELIVERY_STATUS_TEXT: Record<WebhookDeliveryStatus, string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};

/** "Delivered (200)", "Pending: retry at …", "Failed after 20 attempts". */
export function deliveryLine(d: WebhookDeliveryView): string {
  const code = d.lastStatusCode ? ` (HTTP ${d.lastStatusCode})` : '';
  const tries = `${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'}`;
  if (d.status === 'delivered') return `Delivered${code}, ${tries}`;
  if (d.status === 'failed') return `Failed${code} after ${tries}`;
  if (d.attempts === 0) return 'Queued, not sent yet';
  return `Pending${code}, ${tries}, next try ${shortTime(d.nextAttemptAt)}`;
}

/** One endpoint's delivery log, newest first, with replay of a delivered or failed delivery. */
@Component({
  selector: 'cp-webhook-deliveries',
  styleUrls: ['../staff.css', './admin.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="confirm">
      <h3>Delivery log</h3>
      <button
        type="button"
        class="button"
        data-testid="deliveries-refresh"
        [disabled]="loading()"
        (click)="load()"
      >
        Refresh
      </button>
    </div>
    @if (loading()) {
      <p class="loading" aria-busy="true" data-testid="deliveries-loading">
        <span class="spinner" aria-hidden="true"></span>
        Loading deliveries…
      </p>
    }
    @if (error(); as message) {
      <div class="notice notice-error" role="alert" data-testid="deliveries-error">
        <p>{{ message }}</p>
      </div>
    }
    @if (replayed(); as message) {
      <p class="notice notice-success" role="status" data-testid="delivery-replayed">
        {{ message }}
      </p>
    }
    @if (page(); as p) {
      @if (p.items.length === 0) {
        <p class="empty" data-testid="deliveries-empty">
          No deliveries yet. One appears here when a subscribed event happens.
        </p>
      } @else {
        <ul class="rows" role="list" data-testid="deliveries-list">
          @for (d of p.items; track d.id) {
            <li
              class="row"
              data-testid="delivery-item"
              [attr.data-status]="d.status"
              [attr.data-delivery-id]="d.id"
            >
              <p class="row-title">
                <code>{{ d.event }}</code>
                <span
                  class="badge"
                  [class.badge-error]="d.status === 'failed'"
                  [class.badge-warn]="d.status === 'pending'"
                  >{{ statusText[d.status] }}</span
                >
              </p>
              <p class="meta">
                <span>{{ line(d) }}</span>
                <span>Event at {{ time(d.createdAt) }}</span>
                @if (d.deliveredAt) {
                  <span>Delivered {{ time(d.deliveredAt) }}</span>
                }
              </p>
              @if (d.lastError) {
                <p class="meta">Last error: {{ d.lastError }}</p>
              }
              @if (d.status !== 'pending') {
                <p>
                  <button
                    type="button"
                    class="button"
                    data-testid="delivery-replay"
                    [disabled]="busy()"
                    [attr.aria-label]="'Replay ' + d.event + ' of ' + time(d.createdAt)"
                    (click)="replay(d)"
                  >
                    Replay
                  </button>
                </p>
              }
            </li>
          }
        </ul>
        @if (p.total > p.limit) {
          <nav class="pager" aria-label="Delivery pages">
            <button
              type="button"
              class="button"
              [disabled]="p.offset === 0"
              (click)="go(p.offset - p.limit)"
            >
              Newer
            </button>
            <span>{{ p.offset + 1 }}–{{ p.offset + p.items.length }} of {{ p.total }}</span>
            <button
              type="button"
              class="button"
              [disabled]="p.offset + p.limit >= p.total"
              (click)="go(p.offset + p.limit)"
            >
              Older
            </button>
          </nav>
        }
      }
    }
  `,
})
export class WebhookDeliveriesComponent implements OnInit {
  private readonly api = inject(AdminApiService);
  private readonly destroyRef = inject(DestroyRef);

  readonly endpointId = input.required<string>();

  protected readonly statusText = DELIVERY_STATUS_TEXT;
  protected readonly time = shortTime;
  protected readonly line = deliveryLine;
  protected readonly page = signal<Page<WebhookDeliveryView> | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly replayed = signal<string | null>(null);
  protected readonly busy = signal(false);
  private offset = 0;

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .deliveries(this.endpointId(), { offset: this.offset, limit: PAGE_SIZE })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.page.set(page);
          this.loading.set(false);
        },
        error: (err: unknown) => {
          this.loading.set(false);
          this.error.set(toApiProblem(err).message);
        },
      });
  }

  protected go(offset: number): void {
    this.offset = Math.max(0, offset);
    this.load();
  }

  protected replay(delivery: WebhookDeliveryView): void {
    this.busy.set(true);
    this.error.set(null);
    this.replayed.set(null);
    this.api
      .replay(this.endpointId(), delivery.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (queued) => {
          this.busy.set(false);
          this.replayed.set(`The ${queued.event} delivery is queued again with a fresh signature.`);
          this.page.update((p) =>
            p ? { ...p, items: p.items.map((d) => (d.id === queued.id ? queued : d)) } : p,
          );
        },
        error: (err: unknown) => {
          this.busy.set(false);
          this.error.set(toApiProblem(err).message);
        },
      });
  }
}
