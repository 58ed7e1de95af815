// The layer map of apps/api/src (issue 10), shared by .dependency-cruiser.mjs and check.mjs.
// Keep it in step with the module map in README.md ("Layout"). The portal has its own two rules: core/ imports no feature, and no
// two folders of apps/portal/src/app import each other.

/** apps/api/src folders, lowest layer first. A folder may import its own layer and the ones below. */
export const API_LAYERS = [
  ['common', 'config', 'database'], // L0: the floor, imports no feature
  // events: the activity event point (issue 12), written by the features, read by the jobs above
  ['sessions', 'throttle', 'mail', 'storage', 'events'], // L1: stores and infrastructure, no controllers
  ['auth'], // L2: guard, decorators, principal, authenticators, cookies, request context, ports
  // idempotency: the Idempotency-Key interceptor on admin POSTs and its table (issue 12)
  // branding: the public branding endpoint (issue 13), from the configuration only
  ['audit', 'clients', 'idempotency', 'branding'], // L3+: features with controllers, lowest first
  ['staff', 'devices', 'tasks'],
  // templates: the task template library (issue 12), validated as task requests are
  ['documents', 'messages', 'links', 'pin', 'accounts', 'templates'],
  // dispatches: the sending use case (dispatch + link or PIN + mail in one transaction);
  // task-details: the task detail and task controllers, composed from tasks, documents, messages;
  // inbox: the staff workspace's read models (inbox across clients, client list with counts)
  ['dispatches', 'task-details', 'inbox'],
  // legacy: the legacy-task import, through tasks, dispatches and pin; reminders: the daily
  // reminder digest, from tasks, links, documents and messages
  // notifications: staff notices of client activity (issue 12), from events, tasks, clients, staff;
  // webhooks: signed webhook deliveries derived from events (issue 12)
  ['legacy', 'reminders', 'notifications', 'webhooks'],
  ['health', 'demo', 'testing', 'cli', 'hot-routes'],
];

/** auth/ reaches staff and device data only through the ports it declares (auth/ports.ts). */
export const AUTH_MAY_IMPORT = ['auth', 'common', 'config', 'database', 'sessions'];
