// Starts the real parts once per jest run. Env vars set here are inherited by the workers.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMariaDb } from '../support/mariadb';
import { startSmtpCatcher } from '../support/smtp-catcher';
import globalTeardown from './global-teardown';
import { E2eHandles, setHandles } from './handles';

export default async function globalSetup(): Promise<void> {
  const handles: E2eHandles = {};
  setHandles(handles);
  try {
    handles.mailDir = await mkdtemp(join(tmpdir(), 'portal-mail-'));
    handles.smtp = await startSmtpCatcher(handles.mailDir);
    process.env.E2E_MAIL_DIR = handles.mailDir;
    process.env.E2E_SMTP_URL = handles.smtp.url;

    if (process.env.E2E_DB === 'mariadb') {
      handles.mariadb = await startMariaDb();
      process.env.E2E_MARIADB_ROOT_URL = handles.mariadb.rootUrl;
    }
  } catch (error) {
    await globalTeardown(); // jest skips the teardown when the setup fails
    throw error;
  }
}
