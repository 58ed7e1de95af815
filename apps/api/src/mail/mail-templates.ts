import type Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDate } from '../common/firm-time';
import type { AppConfig } from '../config/app-config';
import type { FirmContact } from '../config/branding-config';

/** "1 task", "2 tasks": a count with the right form of the noun (never "task(s)"). */
export function plural(count: unknown, singular: string, pluralForm = `${singular}s`): string {
  const n = Number(count);
  return `${String(count)} ${n === 1 ? singular : pluralForm}`;
}

/** Every e-mail the product sends, with its subject; bodies live in templates/<name>.{html,text}.hbs. */
export const MAIL_TEMPLATES = {
  'access-link': (d: MailData) => `${String(d.firmName)}: your new access link`,
  'device-bound': (d: MailData) => `${String(d.firmName)}: your tasks were opened on a new device`,
  'dispatch-link': (d: MailData) =>
    `${String(d.firmName)}: you have ${plural(d.taskCount, 'task')} to complete`,
  'task-message': (d: MailData) =>
    `${String(d.firmName)}: a new message about ${String(d.reference)}`,
  'dispatch-pin': (d: MailData) =>
    `${String(d.firmName)}: you have ${plural(d.taskCount, 'task')} to complete (PIN inside)`,
  'password-set': (d: MailData) => `${String(d.firmName)}: a login was created for you`,
  /** Issue 13: the subject is worded by RemindersService (plural, statutory urgency). */
  'reminder-digest': (d: MailData) => String(d.subject),
  /** Issue 12: the firm asked for changes to an answer (a notice: no credential, no note). */
  'changes-requested': (d: MailData) =>
    `${String(d.firmName)}: please take another look at ${String(d.reference)}`,
  /** Issue 12: client activity for staff; the subject is worded by NotificationsService. */
  'staff-activity': (d: MailData) => String(d.subject),
} as const;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
export type MailData = Record<string, unknown>;

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/**
 * What every e-mail's shared layout shows (issue 13): the firm's name, logo and colour at the
 * top, and at the foot the sender and the contact footer. Added at send time from the
 * configuration, so it is never part of a sealed outbox payload.
 */
export interface MailBranding {
  name: string;
  /** Absolute https URL of the logo, or null (the name is shown instead). */
  logoUrl: string | null;
  /** `#rrggbb`, with white text readable on it (checked at start). */
  primaryColor: string;
  /** The sender's address, as the From header shows it. */
  senderAddress: string;
  contact: FirmContact;
  /** The firm's IANA time zone, named next to every time. */
  timeZone: string;
}

/** The branding for e-mails from the validated configuration. */
export function mailBranding(config: AppConfig): MailBranding {
  const { branding } = config;
  const logo = branding.logoUrl;
  return {
    name: branding.name,
    logoUrl: logo === null ? null : logo.startsWith('/') ? `${config.publicUrl}${logo}` : logo,
    primaryColor: branding.primaryColor,
    senderAddress: senderAddress(config.mail.from),
    contact: branding.contact,
    timeZone: config.firm.timeZone,
  };
}

/** A neutral branding for rendering without configuration (unit specs, tools). */
export function neutralBranding(name = 'Client Portal'): MailBranding {
  return {
    name,
    logoUrl: null,
    primaryColor: '#1d3b5a',
    senderAddress: 'no-reply@localhost',
    contact: { phone: null, email: null, address: null, officeHours: '' },
    timeZone: 'UTC',
  };
}

function senderAddress(from: string): string {
  const angle = /<([^>]+)>/.exec(from);
  return (angle ? angle[1] : from).trim();
}

/** Longest line of a plain-text part: well inside the 78 columns mail readers expect. */
export const TEXT_WIDTH = 72;

/**
 * Wraps each line at word boundaries to `width` columns. A line keeps its indentation; a list
 * item (`- `) continues under its text. A word longer than the line (a URL) is never broken: it
 * goes on a line of its own. Templates write one paragraph per line and leave breaking to this.
 */
export function wrapText(text: string, width = TEXT_WIDTH): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const indent = /^\s*/.exec(line)?.[0] ?? '';
      const bullet = /^\s*(- |\* |\d+\. )/.exec(line);
      const hanging = bullet ? ' '.repeat(bullet[0].length) : indent;
      const words = line.slice(indent.length).split(/ +/);
      const out: string[] = [];
      let current = indent;
      let empty = true;
      for (const word of words) {
        if (empty) {
          current += word;
          empty = false;
        } else if (current.length + 1 + word.length <= width) {
          current += ` ${word}`;
        } else {
          out.push(current);
          current = hanging + word;
        }
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}

/** A description shortened at a word boundary to about `max` characters, with an ellipsis. */
export function excerpt(value: unknown, max = 200): string {
  const text = (typeof value === 'string' ? value : '').replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : text.slice(0, max)).replace(/[\s.,;:]+$/, '')}…`;
}

/**
 * A task as e-mails list it: title, reference, due date in words, description shortened to about
 * 200 characters. Shortened here, before the outbox seals it, so a mail listing 100 tasks stays
 * well inside the outbox row (a TEXT column on MySQL: 64 KiB).
 */
export function taskForMail(task: {
  title: string;
  reference: string;
  dueDate?: string | null;
  description?: string | null;
}): { title: string; reference: string; due: string | null; description: string | null } {
  return {
    title: task.title,
    reference: task.reference,
    due: task.dueDate ? formatDate(task.dueDate) : null,
    description: task.description ? excerpt(task.description, 200) : null,
  };
}

type HandlebarsEngine = typeof Handlebars;

let engine: HandlebarsEngine | undefined;

/**
 * Handlebars with our helpers, loaded on the first mail rendered: requiring it (about 45 files)
 * is not on the path to the server's first answer (start-up, issue 11 item 5).
 */
function handlebars(): HandlebarsEngine {
  if (engine) return engine;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hbs = (require('handlebars') as HandlebarsEngine).create();
  registerHelpers(hbs);
  engine = hbs;
  return hbs;
}

function registerHelpers(hbs: HandlebarsEngine): void {
  hbs.registerHelper('plural', (count: unknown, singular: string, ...rest: unknown[]) => {
    const pluralForm = typeof rest[0] === 'string' ? rest[0] : undefined;
    return plural(count, singular, pluralForm);
  });
  hbs.registerHelper('excerpt', (value: unknown, max: unknown) =>
    excerpt(value, typeof max === 'number' ? max : undefined),
  );
  /**
   * A button in the firm's colour and, under it, the raw address in a small block that wraps
   * anywhere (a long link never makes a phone scroll sideways). HTML parts only.
   */
  hbs.registerHelper(
    'button',
    function (this: unknown, url: string, label: string, options: Handlebars.HelperOptions) {
      const brand = (options.data as { root: { brand: MailBranding } }).root.brand;
      const e = hbs.escapeExpression;
      return new hbs.SafeString(
        `<p style="margin:20px 0 8px;"><a href="${e(url)}" style="display:inline-block;padding:12px 20px;` +
          `background:${e(brand.primaryColor)};color:#ffffff;text-decoration:none;border-radius:6px;` +
          `font-weight:bold;">${e(label)}</a></p>` +
          `<p style="margin:0 0 16px;font-size:13px;color:#52606d;">Or paste this address into your browser:<br>` +
          `<span style="word-break:break-all;overflow-wrap:anywhere;">${e(url)}</span></p>`,
      );
    },
  );
  /** A link whose visible text is the address itself, wrapped anywhere. */
  hbs.registerHelper('urlLink', (url: string) => {
    const e = hbs.escapeExpression;
    return new hbs.SafeString(
      `<a href="${e(url)}" style="word-break:break-all;overflow-wrap:anywhere;">${e(url)}</a>`,
    );
  });
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

function template(name: string, part: 'html' | 'text'): HandlebarsTemplateDelegate {
  const key = `${name}.${part}`;
  let fn = compiled.get(key);
  if (!fn) {
    const source = readFileSync(join(__dirname, 'templates', `${key}.hbs`), 'utf8');
    // Plain-text bodies must not be HTML-escaped; HTML bodies always are.
    fn = handlebars().compile(source, { noEscape: part === 'text', strict: true });
    compiled.set(key, fn);
  }
  return fn;
}

/**
 * Renders one e-mail inside the shared layout (templates/layout.{html,text}.hbs). `brand`
 * comes from the configuration at send time (mailBranding); without it a neutral one named
 * after data.firmName is used.
 */
export function renderMail(
  name: MailTemplateName,
  data: MailData,
  brand: MailBranding = neutralBranding(
    typeof data.firmName === 'string' ? data.firmName : undefined,
  ),
): RenderedMail {
  // The configured name wins over the one sealed into an older payload.
  const subject = MAIL_TEMPLATES[name]({ ...data, firmName: brand.name });
  const context = { ...data, firmName: brand.name, brand, subject };
  const html = template(
    'layout',
    'html',
  )({
    ...context,
    body: new (handlebars().SafeString)(template(name, 'html')(context)),
  });
  const text = template(
    'layout',
    'text',
  )({
    ...context,
    body: template(
      name,
      'text',
    )(context)
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  });
  return { subject, html, text: wrapText(text) };
}
