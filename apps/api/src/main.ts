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
  const logger = new Logger('Main');
  logger.log({
    message: 'listening',
    url: config.publicUrl,
    database: config.database.driver,
    mail: config.mail.transport.kind,
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
