import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal, type Type } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CreatedWebhookView, IntegrationTokenView, WebhookDeliveryView } from '@app/contracts';
import { byTestId } from '../../../testing/fixtures';
import { StaffSessionService } from '../staff-session.service';
import { IntegrationTokensComponent } from './integration-tokens.component';
import { deliveryLine, WebhookDeliveriesComponent } from './webhook-deliveries.component';
import { pickedEvents, WEBHOOK_EVENTS, WebhooksComponent } from './webhooks.component';

const delivery = (change: Partial<WebhookDeliveryView> = {}): WebhookDeliveryView => ({
  id: 'd1',
  endpointId: 'w1',
  eventId: 'e1',
  event: 'request.answered',
  status: 'delivered',
  attempts: 1,
  lastError: null,
  lastStatusCode: 200,
  nextAttemptAt: null,
  createdAt: '2026-11-26T10:00:00.000Z',
  deliveredAt: '2026-11-26T10:00:01.000Z',
  ...change,
});

describe('admin pages: rules', () => {
  it('words a delivery by its status', () => {
    expect(deliveryLine(delivery())).toBe('Delivered (HTTP 200), 1 attempt');
    expect(deliveryLine(delivery({ status: 'failed', attempts: 20, lastStatusCode: 500 }))).toBe(
      'Failed (HTTP 500) after 20 attempts',
    );
    expect(deliveryLine(delivery({ status: 'pending', attempts: 0, lastStatusCode: null }))).toBe(
      'Queued, not sent yet',
    );
    expect(
      deliveryLine(
        delivery({ status: 'pending', attempts: 2, nextAttemptAt: '2026-11-26T11:00:00Z' }),
      ),
    ).toMatch(/^Pending \(HTTP 200\), 2 attempts, next try .*2026/);
  });

  it('lists every webhook event once and keeps the ticked ones in order', () => {
    expect(new Set(WEBHOOK_EVENTS.map((e) => e.type)).size).toBe(WEBHOOK_EVENTS.length);
    expect(
      pickedEvents({ 'task.completed': true, 'task.sent': true, 'link.redeemed': false }),
    ).toEqual(['task.sent', 'task.completed']);
  });
});

describe('admin pages: components', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: StaffSessionService,
          useValue: { session: signal({ staff: { id: 'me', role: 'admin' } }), forget: jest.fn() },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  function render<T>(type: Type<T>): {
    fixture: ComponentFixture<T>;
    el: HTMLElement;
  } {
    const fixture = TestBed.createComponent(type);
    fixture.detectChanges();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  function type(el: HTMLElement, id: string, value: string): void {
    const input = byTestId(el, id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('integration tokens: the new token is shown once, then revoke asks first', async () => {
    const { fixture, el } = render(IntegrationTokensComponent);
    http.expectOne('/api/admin/integration-tokens').flush([]);
    await settle(fixture);
    expect(byTestId(el, 'tokens-empty')).not.toBeNull();

    type(el, 'token-name', 'Docketing');
    byTestId(el, 'token-create')!.click();
    const view: IntegrationTokenView = {
      id: 't1',
      name: 'Docketing',
      createdBy: { id: 'me', username: 'admin' },
      createdAt: '2026-11-26T10:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    };
    http.expectOne('/api/admin/integration-tokens').flush({ ...view, token: 'cpi_secret' });
    await settle(fixture);
    expect(byTestId(el, 'token-value')?.textContent).toBe('cpi_secret');
    expect(byTestId(el, 'tokens-list')?.textContent).not.toContain('cpi_secret');

    byTestId(el, 'token-revoke')!.click();
    await settle(fixture);
    byTestId(el, 'token-revoke-confirm')!.click();
    const revoke = http.expectOne('/api/admin/integration-tokens/t1/revoke');
    expect(revoke.request.method).toBe('POST');
    revoke.flush({ ...view, revokedAt: '2026-11-26T10:05:00.000Z' });
    await settle(fixture);
    expect(byTestId(el, 'tokens-list')?.textContent).toContain('Revoked');
  });

  it('webhooks: registers with the ticked events, shows the secret once, refuses no events', async () => {
    const { fixture, el } = render(WebhooksComponent);
    http.expectOne('/api/admin/webhooks').flush([]);
    await settle(fixture);
    expect(byTestId(el, 'webhooks-empty')).not.toBeNull();
    expect(byTestId(el, 'webhooks-help')?.textContent).toContain('X-Portal-Signature');

    byTestId(el, 'webhooks-new')!.click();
    await settle(fixture);
    type(el, 'webhook-url', 'https://hooks.example/portal');
    byTestId(el, 'webhook-create')!.click();
    await settle(fixture);
    expect(el.textContent).toContain('Please choose at least one event.');

    byTestId(el, 'webhook-event-request.answered')!.click();
    await settle(fixture);
    byTestId(el, 'webhook-create')!.click();
    const req = http.expectOne('/api/admin/webhooks');
    expect(req.request.body).toEqual({
      url: 'https://hooks.example/portal',
      events: ['request.answered'],
    });
    const created: CreatedWebhookView = {
      id: 'w1',
      url: 'https://hooks.example/portal',
      events: ['request.answered'],
      active: true,
      description: null,
      createdAt: '2026-11-26T10:00:00.000Z',
      updatedAt: '2026-11-26T10:00:00.000Z',
      secret: 'whsec_abc',
    };
    req.flush(created);
    await settle(fixture);
    expect(byTestId(el, 'webhook-secret')?.textContent).toBe('whsec_abc');
    expect(byTestId(el, 'webhooks-list')?.textContent).not.toContain('whsec_abc');

    byTestId(el, 'webhook-delete')!.click();
    await settle(fixture);
    byTestId(el, 'webhook-delete-confirm')!.click();
    const del = http.expectOne('/api/admin/webhooks/w1');
    expect(del.request.method).toBe('DELETE');
    del.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    expect(byTestId(el, 'webhooks-empty')).not.toBeNull();
  });

  it('delivery log: replay queues again; a refused replay shows the API message', async () => {
    const fixture = TestBed.createComponent(WebhookDeliveriesComponent);
    fixture.componentRef.setInput('endpointId', 'w1');
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    http
      .expectOne((r) => r.url === '/api/admin/webhooks/w1/deliveries')
      .flush({ items: [delivery({ status: 'failed' })], total: 1, limit: 20, offset: 0 });
    await settle(fixture);
    byTestId(el, 'delivery-replay')!.click();
    http
      .expectOne('/api/admin/webhooks/w1/deliveries/d1/replay')
      .flush(delivery({ status: 'pending', attempts: 0 }));
    await settle(fixture);
    expect(byTestId(el, 'delivery-replayed')).not.toBeNull();
    expect(byTestId(el, 'delivery-item')?.getAttribute('data-status')).toBe('pending');
    expect(byTestId(el, 'delivery-replay')).toBeNull();
  });
});
