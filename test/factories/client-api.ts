// Client-side helpers for API e2e specs (tasks, answers, documents, messages): a trusted device
// made by redeeming a real e-mailed link, uploads as the portal sends them, and an app whose
// file storage lives in a throw-away folder.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { ClientView, DispatchView, TaskDetail } from '@app/contracts';
import { createTestApp, TEST_PUBLIC_URL, TestApp } from '../support/app';
import { extractLink, mailsTo, waitForMail, type CaughtMail } from '../support/mail';
import { browserAgent, StaffApi } from './staff-api';

export interface StorageTestApp extends TestApp {
  storageDir: string;
  /** Every file under the storage folder (part files included), relative paths. */
  storedFiles(): Promise<string[]>;
}

/** createTestApp with STORAGE_DIR in a fresh temporary folder, removed on close. */
export async function createStorageTestApp(
  overrides: Record<string, string> = {},
): Promise<StorageTestApp> {
  const storageDir = await mkdtemp(join(tmpdir(), 'portal-files-'));
  const t = await createTestApp({ STORAGE_DIR: storageDir, ...overrides });
  const close = t.close.bind(t);
  return Object.assign(t, {
    storageDir,
    storedFiles: () => listFiles(storageDir),
    close: async () => {
      try {
        await close();
      } finally {
        await rm(storageDir, { recursive: true, force: true });
      }
    },
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** Dispatches the tasks and returns the link token read out of the real e-mail. */
export async function dispatchTasks(
  staff: StaffApi,
  client: ClientView,
  taskIds: string[],
): Promise<{ dispatch: DispatchView; token: string }> {
  const dispatch = await staff.dispatch(client.id, taskIds);
  for (let i = 0; i < 200; i++) {
    for (const mail of await mailsTo(client.email)) {
      if (!mail.subject.includes('to complete')) continue;
      const { token } = extractLink(mail, TEST_PUBLIC_URL);
      if (used.has(token)) continue;
      used.add(token);
      return { dispatch, token };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No new link e-mail to ${client.email}`);
}
const used = new Set<string>();

/** A browser that redeemed the given link tokens: a trusted device for their dispatches. */
export async function trustedDevice(http: Server, ...tokens: string[]): Promise<request.Agent> {
  const agent = browserAgent(http);
  for (const token of tokens) await agent.post('/api/links/redeem').send({ token }).expect(200);
  return agent;
}

/** A client with one task of the given requests, dispatched and redeemed by a new device. */
export async function clientWithTask(
  staff: StaffApi,
  requests: TaskDetail['requests'][number]['kind'][] = ['question', 'document', 'confirmation'],
): Promise<{ client: ClientView; task: TaskDetail; device: request.Agent; token: string }> {
  const client = await staff.createClient();
  const task = await staff.createTask(client.id, {
    requests: requests.map((kind, i) => ({ kind, prompt: `${kind} ${i + 1}?` })),
  });
  const { token } = await dispatchTasks(staff, client, [task.id]);
  const device = await trustedDevice(staff.http, token);
  return { client, task, device, token };
}

export function requestOf(task: TaskDetail, kind: string, nth = 0): string {
  const found = task.requests.filter((r) => r.kind === kind)[nth];
  if (!found) throw new Error(`task has no ${kind} request #${nth}`);
  return found.id;
}

/** A small but real-looking PDF (the first bytes are what the type check sniffs). */
export function pdfBytes(size = 2048): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const body = Buffer.alloc(Math.max(0, size - head.length), 0x20);
  return Buffer.concat([head, body]).subarray(0, size);
}

export const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** POSTs one file as multipart/form-data in field "file", as the portal does. */
export function upload(
  agent: request.Agent | request.SuperTest<request.Test>,
  path: string,
  file: { content: Buffer; filename: string; contentType?: string },
): request.Test {
  return (agent as request.Agent).post(path).attach('file', file.content, {
    filename: file.filename,
    contentType: file.contentType ?? 'application/pdf',
  });
}

/**
 * A fresh browser with `userAgent` redeems `token` (it must succeed); the new-device notice that
 * the redeem sends to `to`.
 */
export async function redeemForNotice(
  http: Server,
  token: string,
  to: string,
  userAgent: string,
): Promise<CaughtMail> {
  const after = Date.now();
  await browserAgent(http)
    .set('User-Agent', userAgent)
    .post('/api/links/redeem')
    .send({ token })
    .expect(200);
  return waitForMail({ to, subjectIncludes: 'new device', after });
}
