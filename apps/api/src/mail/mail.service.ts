import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Sealer } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { sqlTime } from '../database/sql-values';
import type { SqlExecutor } from '../database/transactor';
import type { MailData, MailTemplateName } from './mail-templates';
import type { OutboxStatus } from './outbox-message.entity';

/**
 * What an outbox payload is sealed to: its row and its recipient. A sealed payload copied to
 * another row, or a row whose recipient was changed, no longer opens (see Sealer).
 */
export function sealContext(id: string, toAddress: string): string {
  return `mail-outbox\u0000${id}\u0000${toAddress}`;
}

const INSERT_OUTBOX_SQL = `INSERT INTO mail_outbox (id, to_address, template, sealed_payload,
    status, attempts, next_attempt_at, locked_until, locked_by, last_error, created_at, sent_at)
  VALUES (?, ?, ?, ?, ?, 0, ?, NULL, NULL, NULL, ?, NULL)`;

/**
 * Mail is never sent inline: enqueue() writes an outbox row in the caller's transaction, and the
 * OutboxWorker delivers it. A dispatch therefore survives an SMTP outage and its mail leaves later.
 */
@Injectable()
export class MailService {
  readonly sealer: Sealer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.sealer = new Sealer(config.appSecret);
  }

  async enqueue(
    manager: SqlExecutor,
    message: { to: string; template: MailTemplateName; data: MailData },
  ): Promise<string> {
    const now = this.clock.now();
    const id = newId();
    // A fixed statement: mail is queued on hot paths (redeem's new-device notice), where the
    // ORM's insert builder costs more than the statement (issue 11).
    await manager.query(INSERT_OUTBOX_SQL, [
      id,
      message.to,
      message.template,
      this.sealer.seal(JSON.stringify(message.data), sealContext(id, message.to)),
      'pending' satisfies OutboxStatus,
      sqlTime(now),
      sqlTime(now),
    ]);
    return id;
  }
}
