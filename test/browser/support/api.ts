// Set-up shortcuts for browser specs: talk to the running API like the admin UI would, then
// read the real mail. Base URL and credentials come from test/browser/global-setup.ts.
import { randomBytes } from 'node:crypto';
import { test } from '@playwright/test';
import type {
  AdminTaskView,
  ClientView,
  CreateClientRequest,
  CreateTaskRequest,
  DispatchView,
  StaffLoginResponse,
} from '@app/contracts';

import {
  extractLink,
  waitForMail as waitForCaughtMail,
  type CaughtMail,
  type WaitForMailOptions,
} from '../../support/mail';
import { TIMEOUTS } from './timeouts';

export { extractLink, mailsTo } from '../../support/mail';
export type { CaughtMail } from '../../support/mail';

/** Waits (polling, no sleep) for a matching mail, up to the suite's scaled mail timeout. */
export function waitForMail(options: WaitForMailOptions): Promise<CaughtMail> {
  return waitForCaughtMail({ timeoutMs: TIMEOUTS.mail, ...options });
}

export function baseUrl(): string {
  return process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_BROWSER_PORT ?? '4310'}`;
}

export async function staffLogin(
  username = process.env.E2E_ADMIN_USERNAME ?? 'admin',
  password = process.env.E2E_ADMIN_PASSWORD ?? 'admin-password-for-tests-123',
): Promise<StaffLoginResponse> {
  return call<StaffLoginResponse>('POST', '/api/staff/login', undefined, { username, password });
}

export function createClient(token: string, client: CreateClientRequest): Promise<ClientView> {
  return call<ClientView>('POST', '/api/admin/clients', token, client);
}

export function createTask(
  token: string,
  clientId: string,
  task: CreateTaskRequest,
): Promise<AdminTaskView> {
  return call<AdminTaskView>('POST', `/api/admin/clients/${clientId}/tasks`, token, task);
}

export function dispatch(
  token: string,
  clientId: string,
  taskIds: string[],
): Promise<DispatchView> {
  return call<DispatchView>('POST', `/api/admin/clients/${clientId}/dispatches`, token, {
    taskIds,
  });
}

async function call<T>(
  method: string,
  path: string,
  token: string | undefined,
  body: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 1000)}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Staff create a client with one task and dispatch it; the link is read out of the real e-mail.
 * The address is unique per call, so specs never read each other's mail.
 */
export async function sendTask(
  task: CreateTaskRequest,
  who: { label?: string; name?: string } = {},
): Promise<{
  staffToken: string;
  email: string;
  client: ClientView;
  task: AdminTaskView;
  url: string;
  token: string;
}> {
  return test.step('staff send a task; the link is read from the mail', async () => {
    const { token: staffToken } = await staffLogin();
    const email = `${who.label ?? 'client'}.${randomBytes(4).toString('hex')}@example.com`;
    const client = await createClient(staffToken, { email, name: who.name ?? 'Sam Client' });
    const created = await createTask(staffToken, client.id, task);
    const sent = Date.now();
    await dispatch(staffToken, client.id, [created.id]);
    const link = extractLink(await waitForMail({ to: email, after: sent }), baseUrl());
    return { staffToken, email, client, task: created, ...link };
  });
}

/**
 * Staff send a one-confirmation task to a client the portal has not reached yet (enabled from
 * 2099), so the dispatch goes out with a PIN; the PIN is read from the real e-mail.
 * `beforeRead` runs once the dispatch is made and before the mail is read (a scanner reads it first).
 */
export async function sendPinTask(
  title: string,
  beforeRead?: (mail: { to: string; after: number }) => Promise<unknown>,
): Promise<{ email: string; task: AdminTaskView; mail: CaughtMail; pin: string }> {
  return test.step('staff send a task with a PIN; the PIN is read from the mail', async () => {
    const { token: staffToken } = await staffLogin();
    const email = `pin.${randomBytes(4).toString('hex')}@example.com`;
    const client = await createClient(staffToken, {
      email,
      name: 'Lee Gacy',
      portalEnabledFrom: '2099-01-01T00:00:00Z',
    });
    const task = await createTask(staffToken, client.id, {
      title,
      requests: [{ kind: 'confirmation', prompt: 'Confirm the renewal.' }],
    });
    const after = Date.now() - 1000;
    await dispatch(staffToken, client.id, [task.id]);
    await beforeRead?.({ to: email, after });
    const mail = await waitForMail({ to: email, after });
    const pin = /Your PIN: (\d+)/.exec(mail.text)?.[1] ?? '';
    return { email, task, mail, pin };
  });
}
