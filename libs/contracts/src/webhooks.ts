// Signed webhooks and staff notification settings (issue 12).

/** Every event a webhook endpoint can subscribe to. */
export type WebhookEventType =
  | 'task.sent'
  | 'link.redeemed'
  | 'device.moved'
  | 'request.answered'
  | 'document.uploaded'
  | 'message.posted'
  | 'task.completed'
  | 'confirmation.declined';

export interface CreateWebhookRequest {
  url: string;
  events: WebhookEventType[];
  active?: boolean;
  description?: string;
}

export interface UpdateWebhookRequest {
  url?: string;
  events?: WebhookEventType[];
  active?: boolean;
  description?: string;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer to registering an endpoint: the signing secret, shown this once. */
export interface CreatedWebhookView extends WebhookEndpointView {
  secret: string;
}

/** pending: queued or waiting for a retry; delivered: a 2xx answer; failed: gave up, replayable. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  event: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** What a webhook POST carries (the JSON body). */
export interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  data: {
    clientId: string;
    taskId: string | null;
    dispatchId: string | null;
    subjectId: string | null;
    actor: 'client' | 'staff' | 'system';
    [key: string]: unknown;
  };
}

export type StaffNotifyMode = 'immediate' | 'batched' | 'off';

export interface NotificationSettingsView {
  mode: StaffNotifyMode;
  /** Where the mail goes: the staff user's address, or null when they have none. */
  email: string | null;
  windowMinutes: number;
}

export interface UpdateNotificationSettingsRequest {
  mode: StaffNotifyMode;
}
