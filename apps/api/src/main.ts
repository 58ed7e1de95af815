// First, before anything else is loaded: every file required after this line compiles from the
// V8 code cache when an earlier start left one (start-up, issue 11 item 5).
import { compileCache } from './common/compile-cache-install';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { installProcessGuard } from './common/process-guard';
import { ConfigError, loadConfig } from './config/app-config';
import { DemoService } from './demo/demo.service';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(process.env);
  await app.listen(config.port, config.host);
  // From here on, nothing one request does may end the process: whatever escapes every handler
  // is logged (redacted) and everyone else keeps being served. A failure while starting, above,
  // still ends it, so a broken deployment does not sit there half-started.
  installProcessGuard();
  saveCompileCacheSoon();
  const logger = new Logger('Main');
  logger.log({
    message: 'listening',
    url: config.publicUrl,
    database: config.database.driver,
    mail: config.mail.transport.kind,
    // how many of the files this start compiled came from the code cache (COMPILE_CACHE_DIR)
    codeCache: codeCacheSummary(),
  });
  if (config.demoData) {
    const link = await app.get(DemoService).prepare();
    // A human banner for `npm start`: development demo data only (refused in production).
    process.stdout.write(
      `\n  Client Portal is running at ${config.publicUrl}\n` +
        `  Admin API docs:  ${config.publicUrl}/api/docs\n` +
        (link ? `  Open the demo client's tasks: ${link}\n` : '') +
        `  Mail is written to ${config.mail.transport.kind === 'file' ? config.mail.transport.dir : 'SMTP'}\n\n`,
    );
  }
}

/**
 * Writes the code cache once the server has listened for a second (off the path to the first
 * answer), or at SIGTERM/SIGINT if that comes first. Only when this start compiled something new.
 */
function saveCompileCacheSoon(): void {
  const cache = compileCache;
  if (!cache) return;
  const save = (): void => cache.save();
  setTimeout(save, 1000).unref();
  process.once('SIGTERM', save);
  process.once('SIGINT', save);
}

function codeCacheSummary(): string {
  if (!compileCache) return 'off';
  const { hits, misses } = compileCache.stats();
  return `${hits}/${hits + misses}`;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Client Portal failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
