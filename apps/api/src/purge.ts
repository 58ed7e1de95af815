import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError } from './config/app-config';
import { PurgeJob } from './links/purge.job';

/** `npm run purge`: one purge pass by hand, with the same configuration as the server. */
async function main(): Promise<void> {
  const app = await createApp({ ...process.env, DEMO_DATA: 'false' });
  await app.init();
  try {
    const counts = await app.get(PurgeJob).purge();
    process.stdout.write(
      `Purged ${counts.links} links, ${counts.deviceGrants} device grants, ${counts.sessions} sessions.\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
