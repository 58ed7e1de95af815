import { rm } from 'node:fs/promises';
import { getHandles, setHandles } from './support/handles';

/** Stops what global-setup started. Set E2E_KEEP_MAIL=1 to keep the caught mail for a look. */
export default async function globalTeardown(): Promise<void> {
  const handles = getHandles();
  if (!handles) return;
  setHandles({});
  await handles.api?.stop();
  await handles.smtp?.stop();
  await handles.mariadb?.stop();
  if (handles.mailDir && !process.env.E2E_KEEP_MAIL) {
    await rm(handles.mailDir, { recursive: true, force: true });
  }
}
