import { Injectable, Logger } from '@nestjs/common';
import { ClientsService } from '../clients/clients.service';
import { DispatchesService } from '../dispatches/dispatches.service';
import { TasksService } from '../tasks/tasks.service';

export const DEMO_EMAIL = 'jamie.rivera@example.com';

/**
 * Development demo data (DEMO_DATA, on by default only in development; refused in production):
 * a client with two tasks on an empty database, and on every start a fresh dispatch of the
 * client's open tasks, so there is always a link to open.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly clients: ClientsService,
    private readonly tasks: TasksService,
    private readonly dispatches: DispatchesService,
  ) {}

  async prepare(): Promise<string | null> {
    let client = await this.clients.findByEmail(DEMO_EMAIL);
    if (!client) {
      client = await this.clients.create({ email: DEMO_EMAIL, name: 'Jamie Rivera' });
      await this.tasks.create(client.id, {
        title: 'Trademark application: NORTHWIND (class 25, clothing)',
        description: 'We are ready to file your application. Please answer the questions below.',
        dueDate: undefined,
        requests: [
          { kind: 'question', prompt: 'Which goods will you sell under the NORTHWIND mark?' },
          { kind: 'document', prompt: 'Upload a photo or scan of the mark as you use it.' },
          {
            kind: 'confirmation',
            prompt: 'Confirm that the applicant name and address on the draft are correct.',
          },
        ],
      });
      await this.tasks.create(client.id, {
        title: 'Power of attorney',
        requests: [{ kind: 'document', prompt: 'Upload the signed power of attorney (PDF).' }],
      });
      this.logger.log({ message: 'demo data created', client: DEMO_EMAIL });
    }
    const open = await this.tasks.openTaskIds(client.id);
    if (open.length === 0) return null;
    const { linkUrl } = await this.dispatches.send(client.id, open, null);
    return linkUrl;
  }
}
