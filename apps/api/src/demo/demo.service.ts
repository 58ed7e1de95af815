import { Injectable, Logger } from '@nestjs/common';
import { ClientsService } from '../clients/clients.service';
import { DispatchesService } from '../dispatches/dispatches.service';
import { TasksService } from '../tasks/tasks.service';
import type { CreateTaskTemplateDto } from '../templates/dto/task-template.dto';
import { TemplatesService } from '../templates/templates.service';

/**
 * Three trademark templates for the demo library (issue 12): never in production migrations,
 * only here, added by name when missing.
 */
export const DEMO_TEMPLATES: CreateTaskTemplateDto[] = [
  {
    name: 'Power of attorney',
    title: 'Sign the power of attorney',
    description:
      'We need a signed power of attorney before we can file or respond on your behalf. Print the form, sign it and upload a scan or photo.',
    requests: [
      { kind: 'document', prompt: 'Upload the signed power of attorney (PDF or photo).' },
      {
        kind: 'confirmation',
        prompt: 'Confirm that the signatory is authorised to sign for the applicant.',
      },
    ],
    dueInDays: 14,
    statutory: false,
  },
  {
    name: 'Specimen of use',
    title: 'Send a specimen showing the mark in use',
    description:
      'The trademark office needs proof that the mark is used in commerce: a photo of the goods, their packaging or labels, or a screenshot of the web page where they are sold, showing the mark.',
    requests: [
      {
        kind: 'document',
        prompt:
          'Upload a photo or screenshot showing the mark on the goods or where they are sold.',
      },
      { kind: 'question', prompt: 'On what date did you first use the mark in commerce?' },
      {
        kind: 'confirmation',
        prompt: 'Confirm that the specimen shows the mark as it is actually used with customers.',
      },
    ],
    dueInDays: 10,
    statutory: true,
  },
  {
    name: 'Goods and services',
    title: 'Confirm the goods and services for your application',
    description:
      'Please check the list of goods and services we intend to file. Anything left out cannot be added after filing.',
    requests: [
      {
        kind: 'question',
        prompt: 'List every product or service you offer (or plan to offer) under the mark.',
      },
      {
        kind: 'confirmation',
        prompt: 'Confirm the attached list of goods and services is complete and correct.',
      },
    ],
    dueInDays: 7,
    statutory: false,
  },
];

export const DEMO_EMAIL = 'jamie.rivera@example.com';

/**
 * Development demo data (DEMO_DATA, on by default only in development; refused in production):
 * a client with two tasks on an empty database, three trademark task templates (issue 12), and on every start a fresh dispatch of the
 * client's open tasks, so there is always a link to open.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly clients: ClientsService,
    private readonly tasks: TasksService,
    private readonly dispatches: DispatchesService,
    private readonly templates: TemplatesService,
  ) {}

  async prepare(): Promise<string | null> {
    for (const template of DEMO_TEMPLATES) await this.templates.seed(template);
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
