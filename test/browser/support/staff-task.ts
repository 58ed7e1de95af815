// Shortcuts for the staff task view specs (issue 12 item 5): staff sign in to the workspace in a
// browser context without the form, and a client acts on a task through the API from its own
// browser context (the link redeemed there makes that context the trusted device).
import type { APIResponse, Page } from '@playwright/test';
import type { AdminTaskView, MessageView } from '@app/contracts';

const XHR = { 'X-Requested-With': 'XMLHttpRequest' };

async function ok<T>(what: string, response: APIResponse): Promise<T> {
  const text = await response.text();
  if (!response.ok())
    throw new Error(`${what} answered ${response.status()}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The workspace's cookie session for `page`'s context (what the sign-in form does). */
export async function signInStaff(
  page: Page,
  username = process.env.E2E_ADMIN_USERNAME ?? 'admin',
  password = process.env.E2E_ADMIN_PASSWORD ?? 'admin-password-for-tests-123',
): Promise<void> {
  await ok(
    'staff sign-in',
    await page.request.post('/api/staff/session', { data: { username, password }, headers: XHR }),
  );
}

/** A PDF of `size` bytes that passes the server's type check. */
export function pdf(size: number): Buffer {
  const buf = Buffer.alloc(size, 0x20);
  buf.write('%PDF-1.7\n', 0, 'latin1');
  return buf;
}

/** The client's side through the API, from the browser context of `page`. */
export function clientActs(page: Page, taskId: string) {
  const base = `/api/me/tasks/${taskId}`;
  return {
    redeem: async (token: string) =>
      ok('redeem', await page.request.post('/api/links/redeem', { data: { token }, headers: XHR })),
    answer: async (requestId: string, text: string) =>
      ok(
        'answer',
        await page.request.post(`${base}/requests/${requestId}/submit`, {
          data: { text },
          headers: XHR,
        }),
      ),
    decline: async (requestId: string, reason: string) =>
      ok(
        'decline',
        await page.request.post(`${base}/requests/${requestId}/submit`, {
          data: { decision: 'declined', reason },
          headers: XHR,
        }),
      ),
    upload: async (requestId: string, name: string) => {
      await ok(
        'upload',
        await page.request.post(`${base}/requests/${requestId}/documents`, {
          multipart: { file: { name, mimeType: 'application/pdf', buffer: pdf(2048) } },
          headers: XHR,
        }),
      );
      return ok(
        'submit documents',
        await page.request.post(`${base}/requests/${requestId}/submit`, {
          data: {},
          headers: XHR,
        }),
      );
    },
    write: async (body: string) =>
      ok<MessageView>(
        'message',
        await page.request.post(`${base}/messages`, { data: { body }, headers: XHR }),
      ),
  };
}

/** The request of `task` whose prompt starts with `prompt`. */
export function requestOf(task: AdminTaskView, prompt: string): string {
  const found = task.requests.find((r) => r.prompt.startsWith(prompt));
  if (!found) throw new Error(`No request "${prompt}" on ${task.reference}`);
  return found.id;
}
