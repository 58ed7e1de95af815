import { ClientAccount } from './accounts/client-account.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { Client } from './clients/client.entity';
import { TaskDocument } from './documents/task-document.entity';
import { DeviceGrant } from './devices/device-grant.entity';
import { Device } from './devices/device.entity';
import { ActivityEvent } from './events/activity-event.entity';
import { DispatchTask } from './tasks/dispatch-task.entity';
import { Dispatch } from './dispatches/dispatch.entity';
import { Link } from './links/link.entity';
import { JobLease } from './database/job-lease.entity';
import { OutboxMessage } from './mail/outbox-message.entity';
import { TaskMessage } from './messages/task-message.entity';
import { PinCode } from './pin/pin-code.entity';
import { ReminderDigest } from './reminders/reminder-digest.entity';
import { Reminder } from './reminders/reminder.entity';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';
import { StaffNotice } from './notifications/staff-notice.entity';
import { StaffNotificationSetting } from './notifications/staff-notification-setting.entity';
import { Session } from './sessions/session.entity';
import { IntegrationToken } from './staff/integration-token.entity';
import { Staff } from './staff/staff.entity';
import { StaffTaskRead } from './inbox/staff-task-read.entity';
import { RequestAnswer } from './tasks/request-answer.entity';
import { RequestChange } from './tasks/request-change.entity';
import { TaskTemplate } from './templates/task-template.entity';
import { TaskRequest } from './tasks/task-request.entity';
import { Task } from './tasks/task.entity';
import { AuthAttempt } from './throttle/auth-attempt.entity';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from './webhooks/webhook-endpoint.entity';

export const ENTITIES = [
  ActivityEvent,
  AuditEvent,
  AuthAttempt,
  ClientAccount,
  Client,
  Device,
  DeviceGrant,
  Dispatch,
  DispatchTask,
  IdempotencyKey,
  JobLease,
  IntegrationToken,
  Link,
  OutboxMessage,
  PinCode,
  Reminder,
  ReminderDigest,
  RequestAnswer,
  RequestChange,
  Session,
  Staff,
  StaffNotice,
  StaffNotificationSetting,
  StaffTaskRead,
  Task,
  TaskDocument,
  TaskMessage,
  TaskTemplate,
  TaskRequest,
  WebhookDelivery,
  WebhookEndpoint,
];
