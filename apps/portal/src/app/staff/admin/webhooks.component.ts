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
import type { CreatedWebhookView, WebhookEndpointView, WebhookEventType } from '@app/contracts';
import { toApiProblem } from '../../core/api-problem';
import { createFormSubmit } from '../../core/form-submit';
import { shortTime } from '../staff-format';
import { AdminApiService } from './admin-api.service';
import { copyText } from './copy-text';
import { WebhookDeliveriesComponent } from './webhook-deliveries.component';

/** Every event an endpoint can subscribe to, in words. */
export const WEBHOOK_EVENTS: { type: WebhookEventType; text: string }[] = [
  { type: 'task.sent', text: 'A task was sent to a client' },
  { type: 'link.redeemed', text: 'A client opened their access link' },
  { type: 'device.moved', text: 'A client moved access to another device' },
  { type: 'request.answered', text: 'A client answered a request' },
  { type: 'document.uploaded', text: 'A client uploaded a document' },
  { type: 'message.posted', text: 'A message was posted on a task' },
  { type: 'task.completed', text: 'A task was completed' },
  { type: 'confirmation.declined', text: 'A client declined a confirmation' },
];

/** The events ticked in a form, in the list's order. */
export function pickedEvents(picked: Record<string, boolean>): WebhookEventType[] {
  return WEBHOOK_EVENTS.filter((e) => picked[e.type]).map((e) => e.type);
}

function allPicked(events: WebhookEventType[]): Record<string, boolean> {
  return Object.fromEntries(WEBHOOK_EVENTS.map((e) => [e.type, events.includes(e.type)]));
}

/** Webhooks (admins only): endpoints, their events, the delivery log and replay. */
@Component({
  selector: 'cp-staff-admin-webhooks',
  imports: [FormsModule, WebhookDeliveriesComponent],
  styleUrls: ['../staff.css', './admin.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page-head">
      <h1>Webhooks</h1>
      <button
        type="button"
        class="button"
        data-testid="webhooks-new"
        [attr.aria-expanded]="creating()"
        aria-controls="new-webhook"
        (click)="creating.set(!creating())"
      >
        Register an endpoint
      </button>
    </div>
    <details class="section" data-testid="webhooks-help">
      <summary>How to verify a delivery's signature</summary>
      <p>
        Each delivery is a POST with a JSON body and the headers <code>X-Portal-Event</code> (the
        event), <code>X-Portal-Delivery</code> (the delivery id: skip one you have already
        processed; a replay keeps it) and
        <code>X-Portal-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>.
      </p>
      <p>
        <code>v1</code> is the HMAC-SHA256, with the endpoint's signing secret, of <code>t</code>, a
        dot and the raw body as received (<code>t.body</code>), in hex. Compute it yourself, compare
        in constant time, and refuse a <code>t</code> older than 5 minutes.
      </p>
    </details>

    @if (creating()) {
      <section class="section" id="new-webhook" aria-labelledby="new-webhook-heading">
        <h2 id="new-webhook-heading">Register an endpoint</h2>
        <form class="form" (ngSubmit)="create()" novalidate>
          <div class="field">
            <label for="webhook-url">URL</label>
            <input
              id="webhook-url"
              name="url"
              type="url"
              autocomplete="off"
              placeholder="https://docketing.example/hooks/portal"
              data-testid="webhook-url"
              aria-describedby="webhook-url-hint"
              [(ngModel)]="url"
              [attr.aria-invalid]="!!submission.fieldErrors().url"
            />
            <p class="muted" id="webhook-url-hint">
              An https address on the public internet (not a private or local address).
            </p>
            @if (submission.fieldErrors().url; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <div class="field">
            <label for="webhook-description">Description (optional)</label>
            <input
              id="webhook-description"
              name="description"
              autocomplete="off"
              data-testid="webhook-description"
              [(ngModel)]="description"
            />
          </div>
          <fieldset>
            <legend>Events to send</legend>
            @for (e of events; track e.type) {
              <label class="check">
                <input
                  type="checkbox"
                  [name]="'new-' + e.type"
                  [attr.data-testid]="'webhook-event-' + e.type"
                  [(ngModel)]="picked[e.type]"
                />
                <span
                  ><code>{{ e.type }}</code> — {{ e.text }}</span
                >
              </label>
            }
          </fieldset>
          @if (submission.fieldErrors().events; as message) {
            <p class="field-error">{{ message }}</p>
          }
          @if (submission.error(); as message) {
            <div class="notice notice-error" role="alert" data-testid="webhook-create-error">
              <p>{{ message }}</p>
            </div>
          }
          <div class="actions">
            <button
              type="submit"
              class="button button-primary"
              data-testid="webhook-create"
              [disabled]="submission.blocked()"
            >
              {{ submission.busy() ? 'Registering…' : 'Register endpoint' }}
            </button>
          </div>
        </form>
      </section>
    }

    @if (fresh(); as w) {
      <div class="notice notice-success" role="status" data-testid="webhook-created">
        <p>
          <strong>Copy the signing secret now: it is shown only this once.</strong> The receiver at
          {{ w.url }} needs it to check each delivery's signature.
        </p>
        <code class="secret" data-testid="webhook-secret">{{ w.secret }}</code>
        <div class="confirm">
          <button type="button" class="button" data-testid="webhook-copy" (click)="copy(w.secret)">
            Copy secret
          </button>
          <span role="status">{{ copied() }}</span>
          <button type="button" class="button" (click)="fresh.set(null)">I have stored it</button>
        </div>
      </div>
    }

    @if (loading()) {
      <p class="loading" aria-busy="true" data-testid="webhooks-loading">
        <span class="spinner" aria-hidden="true"></span>
        Loading endpoints…
      </p>
    }
    @if (error(); as message) {
      <div class="notice notice-error" role="alert" data-testid="webhooks-error">
        <p>{{ message }}</p>
        <button type="button" class="button" (click)="load()">Try again</button>
      </div>
    }
    @if (endpoints(); as list) {
      @if (list.length === 0) {
        <p class="empty" data-testid="webhooks-empty">
          No endpoints yet. Register one to push client activity to another system.
        </p>
      } @else {
        <ul class="rows" role="list" data-testid="webhooks-list">
          @for (w of list; track w.id) {
            <li class="row" data-testid="webhook-item" [attr.data-url]="w.url">
              <p class="row-title">
                {{ w.url }}
                <span class="badge" [class.badge-warn]="!w.active">{{
                  w.active ? 'Active' : 'Paused'
                }}</span>
              </p>
              <p class="meta">
                @if (w.description) {
                  <span>{{ w.description }}</span>
                }
                <span
                  >{{ w.events.length }} {{ w.events.length === 1 ? 'event' : 'events' }}:
                  {{ w.events.join(', ') }}</span
                >
                <span>Registered {{ time(w.createdAt) }}</span>
              </p>
              @if (editing() === w.id) {
                <form
                  class="form"
                  (ngSubmit)="save(w)"
                  novalidate
                  [attr.aria-label]="'Edit ' + w.url"
                >
                  <fieldset>
                    <legend>Events to send</legend>
                    @for (e of events; track e.type) {
                      <label class="check">
                        <input
                          type="checkbox"
                          [name]="'edit-' + e.type"
                          [(ngModel)]="editPicked[e.type]"
                        />
                        <span
                          ><code>{{ e.type }}</code> — {{ e.text }}</span
                        >
                      </label>
                    }
                  </fieldset>
                  <label class="check">
                    <input
                      type="checkbox"
                      name="active"
                      data-testid="webhook-edit-active"
                      [(ngModel)]="editActive"
                    />
                    <span
                      >Active: sends what happens from now on (nothing is sent later for a paused
                      time)</span
                    >
                  </label>
                  @if (saving.error(); as message) {
                    <div class="notice notice-error" role="alert" data-testid="webhook-edit-error">
                      <p>{{ message }}</p>
                    </div>
                  }
                  <div class="actions">
                    <button
                      type="submit"
                      class="button button-primary"
                      data-testid="webhook-edit-save"
                      [disabled]="saving.blocked()"
                    >
                      {{ saving.busy() ? 'Saving…' : 'Save' }}
                    </button>
                    <button type="button" class="button" (click)="editing.set(null)">Cancel</button>
                  </div>
                </form>
              } @else if (deleting() === w.id) {
                <p class="confirm">
                  <span>Remove this endpoint and its delivery log? This cannot be undone.</span>
                  <button
                    type="button"
                    class="button button-primary"
                    data-testid="webhook-delete-confirm"
                    [disabled]="busy()"
                    (click)="remove(w)"
                  >
                    Yes, remove
                  </button>
                  <button type="button" class="button" (click)="deleting.set(null)">Keep it</button>
                </p>
              } @else {
                <p class="confirm">
                  <button
                    type="button"
                    class="button"
                    data-testid="webhook-log"
                    [attr.aria-expanded]="logOf() === w.id"
                    [attr.aria-label]="'Delivery log of ' + w.url"
                    (click)="logOf.set(logOf() === w.id ? null : w.id)"
                  >
                    Delivery log
                  </button>
                  <button
                    type="button"
                    class="button"
                    data-testid="webhook-edit"
                    [attr.aria-label]="'Edit ' + w.url"
                    (click)="startEdit(w)"
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    class="button"
                    data-testid="webhook-delete"
                    [attr.aria-label]="'Remove ' + w.url"
                    (click)="deleting.set(w.id)"
                  >
                    Remove
                  </button>
                </p>
              }
              @if (actionError(); as message) {
                @if (actionOn() === w.id) {
                  <div class="notice notice-error" role="alert">
                    <p>{{ message }}</p>
                  </div>
                }
              }
              @if (logOf() === w.id) {
                <cp-webhook-deliveries [endpointId]="w.id" />
              }
            </li>
          }
        </ul>
      }
    }
  `,
})
export class WebhooksComponent implements OnInit {
  private readonly api = inject(AdminApiService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly events = WEBHOOK_EVENTS;
  protected readonly time = shortTime;
  protected readonly endpoints = signal<WebhookEndpointView[] | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly fresh = signal<CreatedWebhookView | null>(null);
  protected readonly copied = signal('');
  protected readonly editing = signal<string | null>(null);
  protected readonly deleting = signal<string | null>(null);
  protected readonly logOf = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly actionOn = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly submission = createFormSubmit<'url' | 'events'>();
  protected readonly saving = createFormSubmit<'events'>();
  protected url = '';
  protected description = '';
  protected picked: Record<string, boolean> = allPicked([]);
  protected editPicked: Record<string, boolean> = allPicked([]);
  protected editActive = true;

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .webhooks()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => {
          this.endpoints.set(list);
          this.loading.set(false);
        },
        error: (err: unknown) => {
          this.loading.set(false);
          this.error.set(toApiProblem(err).message);
        },
      });
  }

  protected create(): void {
    const url = this.url.trim();
    const events = pickedEvents(this.picked);
    const fields: { url?: string; events?: string } = {};
    if (!url) fields.url = 'Please enter the URL that receives the deliveries.';
    if (events.length === 0) fields.events = 'Please choose at least one event.';
    if (fields.url || fields.events) {
      this.submission.reject(null, fields);
      return;
    }
    const description = this.description.trim();
    this.copied.set('');
    this.submission.run(
      this.api.createWebhook({ url, events, ...(description ? { description } : {}) }),
      {
        next: (created) => {
          this.fresh.set(created);
          const { secret: _secret, ...view } = created;
          this.endpoints.update((list) => [...(list ?? []), view]);
          this.creating.set(false);
          this.url = '';
          this.description = '';
          this.picked = allPicked([]);
        },
      },
    );
  }

  protected copy(secret: string): void {
    void copyText(secret).then((ok) =>
      this.copied.set(ok ? 'Copied.' : 'Copying did not work: select the secret and copy it.'),
    );
  }

  protected startEdit(endpoint: WebhookEndpointView): void {
    this.saving.clear();
    this.editPicked = allPicked(endpoint.events);
    this.editActive = endpoint.active;
    this.editing.set(endpoint.id);
  }

  protected save(endpoint: WebhookEndpointView): void {
    const events = pickedEvents(this.editPicked);
    if (events.length === 0) {
      this.saving.reject('Please choose at least one event, or pause the endpoint instead.');
      return;
    }
    this.saving.run(this.api.updateWebhook(endpoint.id, { events, active: this.editActive }), {
      next: (saved) => {
        this.replace(saved);
        this.editing.set(null);
      },
    });
  }

  protected remove(endpoint: WebhookEndpointView): void {
    this.busy.set(true);
    this.actionOn.set(endpoint.id);
    this.actionError.set(null);
    this.api
      .deleteWebhook(endpoint.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.busy.set(false);
          this.deleting.set(null);
          if (this.logOf() === endpoint.id) this.logOf.set(null);
          this.endpoints.update((list) => (list ?? []).filter((w) => w.id !== endpoint.id));
        },
        error: (err: unknown) => {
          this.busy.set(false);
          this.actionError.set(toApiProblem(err).message);
        },
      });
  }

  private replace(saved: WebhookEndpointView): void {
    this.endpoints.update((list) => (list ?? []).map((w) => (w.id === saved.id ? saved : w)));
  }
}
