import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { configProblems } from './config.fixtures';
import { contrastRatio, officeHoursInWords } from './branding-config';

const SECRET = 'x'.repeat(40);

describe('loadConfig: branding (issue 13)', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'cp-branding-config-'));
  });
  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) => loadConfig({ APP_SECRET: SECRET, ...env }, cwd);
  const problemsOf = (env: Record<string, string>): string[] =>
    configProblems({ APP_SECRET: SECRET, ...env }, cwd);

  it('stays neutral by default; office hours in words from the business hours', () => {
    const config = load({});
    expect(config.branding).toEqual({
      name: 'Client Portal',
      logoUrl: null,
      primaryColor: '#1d3b5a',
      contact: {
        phone: null,
        email: null,
        address: null,
        officeHours: 'Monday to Friday, 09:00 to 17:00 (UTC time)',
      },
    });
    expect(config.mail.from).toBe('"Client Portal" <no-reply@localhost>');
  });

  it('reads every setting; the default sender carries the firm name', () => {
    const config = load({
      FIRM_NAME: 'Marks & Co',
      FIRM_LOGO_URL: '/assets/logo.svg',
      FIRM_PRIMARY_COLOR: '#0F5132',
      FIRM_CONTACT_PHONE: '+44 20 7946 0000',
      FIRM_CONTACT_EMAIL: 'help@marks.example',
      FIRM_CONTACT_ADDRESS: '1 High Street, London EC1A 1AA',
      FIRM_OFFICE_HOURS: 'Weekdays 9 to 5',
    });
    expect(config.firmName).toBe('Marks & Co');
    expect(config.branding).toEqual({
      name: 'Marks & Co',
      logoUrl: '/assets/logo.svg',
      primaryColor: '#0f5132',
      contact: {
        phone: '+44 20 7946 0000',
        email: 'help@marks.example',
        address: '1 High Street, London EC1A 1AA',
        officeHours: 'Weekdays 9 to 5',
      },
    });
    expect(config.mail.from).toBe('"Marks & Co" <no-reply@localhost>');
    expect(load({ FIRM_LOGO_URL: 'https://cdn.example/logo.png' }).branding.logoUrl).toBe(
      'https://cdn.example/logo.png',
    );
  });

  it('stops the start on each bad value, naming the setting', () => {
    const problems = problemsOf({
      FIRM_LOGO_URL: 'http://cdn.example/logo.png',
      FIRM_PRIMARY_COLOR: 'blue',
      FIRM_CONTACT_EMAIL: 'not an address',
      FIRM_CONTACT_PHONE: 'call me',
      FIRM_CONTACT_ADDRESS: '<script>',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^FIRM_LOGO_URL must be an https URL/),
        expect.stringMatching(/^FIRM_PRIMARY_COLOR must be a colour written #rrggbb/),
        expect.stringMatching(/^FIRM_CONTACT_EMAIL must be an e-mail address/),
        expect.stringMatching(/^FIRM_CONTACT_PHONE may hold only digits/),
        expect.stringMatching(/^FIRM_CONTACT_ADDRESS must be one line/),
      ]),
    );
  });

  it('refuses a primary colour too light for white text', () => {
    expect(problemsOf({ FIRM_PRIMARY_COLOR: '#ffcc00' })).toEqual([
      expect.stringMatching(/FIRM_PRIMARY_COLOR #ffcc00 is too light for white text.*4\.5:1/),
    ]);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21);
    expect(contrastRatio('#1d4ed8', '#ffffff')).toBeGreaterThan(4.5);
  });

  it('writes the business days in words', () => {
    const hours = { timeZone: 'Europe/London', openMinute: 510, closeMinute: 1050 };
    expect(officeHoursInWords({ ...hours, businessDays: [1, 3, 5] })).toBe(
      'Monday, Wednesday and Friday, 08:30 to 17:30 (Europe/London time)',
    );
    expect(officeHoursInWords({ ...hours, businessDays: [1, 2, 3, 4, 5, 6, 7] })).toMatch(
      /^Every day/,
    );
  });
});
