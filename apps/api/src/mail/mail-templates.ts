import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every e-mail the product sends, with its subject; bodies live in templates/<name>.{html,text}.hbs. */
export const MAIL_TEMPLATES = {
  'access-link': (d: MailData) => `${String(d.firmName)}: your new access link`,
  'device-bound': (d: MailData) => `${String(d.firmName)}: your tasks were opened on a new device`,
  'dispatch-link': (d: MailData) =>
    `${String(d.firmName)}: you have ${String(d.taskCount)} task(s) to complete`,
  'task-message': (d: MailData) =>
    `${String(d.firmName)}: a new message about ${String(d.reference)}`,
  'dispatch-pin': (d: MailData) =>
    `${String(d.firmName)}: you have ${String(d.taskCount)} task(s) to complete (PIN inside)`,
  'password-set': (d: MailData) => `${String(d.firmName)}: a login was created for you`,
  /** Issue 13: the subject is worded by RemindersService (plural, statutory urgency). */
  'reminder-digest': (d: MailData) => String(d.subject),
} as const;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
export type MailData = Record<string, unknown>;

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

function template(name: string, part: 'html' | 'text'): HandlebarsTemplateDelegate {
  const key = `${name}.${part}`;
  let fn = compiled.get(key);
  if (!fn) {
    const source = readFileSync(join(__dirname, 'templates', `${key}.hbs`), 'utf8');
    // Plain-text bodies must not be HTML-escaped; HTML bodies always are.
    fn = Handlebars.compile(source, { noEscape: part === 'text', strict: true });
    compiled.set(key, fn);
  }
  return fn;
}

export function renderMail(name: MailTemplateName, data: MailData): RenderedMail {
  return {
    subject: MAIL_TEMPLATES[name](data),
    html: template(name, 'html')(data),
    text: template(name, 'text')(data),
  };
}
