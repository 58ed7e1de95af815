import type { MailBranding, MailData, MailTemplateName } from './mail-templates';

/**
 * Sample data for every template, as its sender fills it: for the template unit specs and the
 * browser suite's 390 px / 1440 px screenshots of each e-mail. Long on purpose where it matters:
 * a long link, a long description, a long device label.
 */
export const SAMPLE_BRANDING: MailBranding = {
  name: 'Marks & Co Trade Mark Attorneys',
  logoUrl: null,
  primaryColor: '#0f5132',
  senderAddress: 'no-reply@marks-and-co.example',
  contact: {
    phone: '+44 20 7946 0000',
    email: 'help@marks-and-co.example',
    address: '1 High Street, London EC1A 1AA',
    officeHours: 'Monday to Friday, 09:00 to 17:30 (Europe/London time)',
  },
  timeZone: 'Europe/London',
};

const LINK = 'https://portal.marks-and-co.example/l/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';
const LONG_DESCRIPTION =
  'Please confirm that the goods and services listed in class 9 and class 42 match what you ' +
  'sell today and plan to sell within the next five years, and tell us about anything we should ' +
  'add before we file the application on your behalf at the Intellectual Property Office.';

const tasks = [
  {
    title: 'Confirm the goods and services for your application',
    reference: 'T-4K7M2Q',
    due: 'Friday, 4 December 2026',
    description: LONG_DESCRIPTION,
  },
  { title: 'Upload your logo', reference: 'T-9XZ3BC', due: null, description: null },
];

/** Keyed by template; a template added without a sample is simply not previewed. */
export const SAMPLE_MAIL_DATA: Partial<Record<MailTemplateName, MailData>> = {
  'dispatch-link': {
    clientName: 'Jane Doe',
    taskCount: 2,
    tasks,
    linkUrl: LINK,
    ttlDays: 30,
  },
  'dispatch-pin': {
    clientName: 'Jane Doe',
    taskCount: 1,
    tasks: tasks.slice(0, 1),
    pin: '4821-7730',
    pinUrl: 'https://portal.marks-and-co.example/pin',
  },
  'access-link': {
    clientName: 'Jane Doe',
    tasks,
    linkUrl: LINK,
    ttlMinutes: 60,
    code: '042917',
    codeMinutes: 10,
  },
  'device-bound': {
    clientName: 'Jane Doe',
    deviceLabel: 'Chrome on Linux, automated (a mail scanner, bot or headless browser)',
    when: '26 November 2026 at 09:30 GMT',
    timeZone: 'Europe/London',
    automated: true,
  },
  'task-message': {
    clientName: 'Jane Doe',
    authorName: 'Sam Patel',
    taskTitle: 'Confirm the goods and services for your application',
    reference: 'T-4K7M2Q',
    portalUrl: 'https://portal.marks-and-co.example/tasks/01JD4X6Q2W8E5R7T9Y3U1I0O2P',
  },
  'password-set': {
    clientName: 'Jane Doe',
    loginUrl: 'https://portal.marks-and-co.example/account/login',
  },
  'reminder-digest': {
    subject: 'Marks & Co Trade Mark Attorneys: reminder of your 2 open tasks',
    clientName: 'Jane Doe',
    intro: 'You have 2 open tasks with us.',
    tasks: [
      {
        title: 'Confirm the goods and services for your application',
        reference: 'T-4K7M2Q',
        description: LONG_DESCRIPTION,
        due: 'due Friday, 4 December 2026 (in 3 days)',
        needsAttention: true,
        unopened: false,
        statutoryNote: 'This is an official deadline: it cannot be moved.',
        linkUrl: LINK,
        unheld: false,
        pin: false,
      },
      {
        title: 'Upload your logo',
        reference: 'T-9XZ3BC',
        description: null,
        due: 'no due date',
        needsAttention: false,
        unopened: false,
        statutoryNote: null,
        linkUrl: null,
        unheld: false,
        pin: true,
      },
    ],
    anyHeld: true,
    anyUnheld: false,
    anyPin: true,
  },
  // Issue 12 (H6): client activity for staff, batched; worded by NotificationsService.
  'staff-activity': {
    firmName: 'Marks & Co Trade Mark Attorneys',
    subject: 'Marks & Co Trade Mark Attorneys: 3 updates from clients on 2 tasks',
    updates: 3,
    windowMinutes: 10,
    items: [
      {
        clientName: 'Jane Doe',
        taskTitle: 'Confirm the goods and services for your application',
        reference: 'T-4K7M2Q',
        what: 'declined a confirmation and uploaded a document',
        url: 'https://portal.marks-and-co.example/staff/clients/3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d/tasks/6f1c2f4e-8a51-4c1e-9d7a-2b3c4d5e6f70',
      },
      {
        clientName: 'Acme Widgets Limited',
        taskTitle: 'Upload your logo',
        reference: 'T-9XZ3BC',
        what: 'answered a request',
        url: 'https://portal.marks-and-co.example/staff/clients/7c6b5a4d-3e2f-4d1c-9b8a-7f6e5d4c3b2a/tasks/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      },
    ],
  },
};
