import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreatedIntegrationToken,
  CreatedWebhookView,
  CreateStaffRequest,
  CreateWebhookRequest,
  IntegrationTokenView,
  Page,
  StaffView,
  UpdateStaffRequest,
  UpdateWebhookRequest,
  WebhookDeliveryView,
  WebhookEndpointView,
} from '@app/contracts';
import type { Observable } from 'rxjs';
import { injectSignInOn401 } from '../sign-in-on-401';

const id = (value: string) => encodeURIComponent(value);

/**
 * The admin pages' calls (admins only on the API: staff users, integration tokens, webhooks).
 * A 401 (the session ended) forgets the session and goes to the sign-in, like StaffApiService.
 */
@Injectable({ providedIn: 'root' })
export class AdminApiService {
  private readonly http = inject(HttpClient);
  private readonly signInOn401 = injectSignInOn401();

  staffUsers(): Observable<StaffView[]> {
    return this.signInOn401(this.http.get<StaffView[]>('/api/admin/staff'));
  }

  createStaff(body: CreateStaffRequest): Observable<StaffView> {
    return this.signInOn401(this.http.post<StaffView>('/api/admin/staff', body));
  }

  updateStaff(staffId: string, body: UpdateStaffRequest): Observable<StaffView> {
    return this.signInOn401(this.http.patch<StaffView>(`/api/admin/staff/${id(staffId)}`, body));
  }

  integrationTokens(): Observable<IntegrationTokenView[]> {
    return this.signInOn401(this.http.get<IntegrationTokenView[]>('/api/admin/integration-tokens'));
  }

  createIntegrationToken(name: string): Observable<CreatedIntegrationToken> {
    return this.signInOn401(
      this.http.post<CreatedIntegrationToken>('/api/admin/integration-tokens', { name }),
    );
  }

  revokeIntegrationToken(tokenId: string): Observable<IntegrationTokenView> {
    return this.signInOn401(
      this.http.post<IntegrationTokenView>(
        `/api/admin/integration-tokens/${id(tokenId)}/revoke`,
        {},
      ),
    );
  }

  webhooks(): Observable<WebhookEndpointView[]> {
    return this.signInOn401(this.http.get<WebhookEndpointView[]>('/api/admin/webhooks'));
  }

  createWebhook(body: CreateWebhookRequest): Observable<CreatedWebhookView> {
    return this.signInOn401(this.http.post<CreatedWebhookView>('/api/admin/webhooks', body));
  }

  updateWebhook(endpointId: string, body: UpdateWebhookRequest): Observable<WebhookEndpointView> {
    return this.signInOn401(
      this.http.patch<WebhookEndpointView>(`/api/admin/webhooks/${id(endpointId)}`, body),
    );
  }

  deleteWebhook(endpointId: string): Observable<void> {
    return this.signInOn401(this.http.delete<void>(`/api/admin/webhooks/${id(endpointId)}`));
  }

  deliveries(
    endpointId: string,
    page: { offset: number; limit: number },
  ): Observable<Page<WebhookDeliveryView>> {
    const params = new HttpParams().set('offset', page.offset).set('limit', page.limit);
    return this.signInOn401(
      this.http.get<Page<WebhookDeliveryView>>(`/api/admin/webhooks/${id(endpointId)}/deliveries`, {
        params,
      }),
    );
  }

  replay(endpointId: string, deliveryId: string): Observable<WebhookDeliveryView> {
    return this.signInOn401(
      this.http.post<WebhookDeliveryView>(
        `/api/admin/webhooks/${id(endpointId)}/deliveries/${id(deliveryId)}/replay`,
        {},
      ),
    );
  }
}
