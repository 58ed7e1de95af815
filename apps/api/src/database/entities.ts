import { AuditEvent } from '../audit/audit-event.entity';
import { Client } from '../clients/client.entity';
import { DeviceGrant } from '../devices/device-grant.entity';
import { Device } from '../devices/device.entity';
import { DispatchTask } from '../dispatches/dispatch-task.entity';
import { Dispatch } from '../dispatches/dispatch.entity';
import { Link } from '../links/link.entity';
import { JobLease } from './job-lease.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { Session } from '../staff/session.entity';
import { Staff } from '../staff/staff.entity';
import { TaskRequest } from '../tasks/task-request.entity';
import { Task } from '../tasks/task.entity';

export const ENTITIES = [
  AuditEvent,
  Client,
  Device,
  DeviceGrant,
  Dispatch,
  DispatchTask,
  JobLease,
  Link,
  OutboxMessage,
  Session,
  Staff,
  Task,
  TaskRequest,
];
