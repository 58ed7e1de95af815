import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { configProblems } from './config.fixtures';

const SECRET = 'x'.repeat(40);

const problemsOf = (env: Record<string, string>, cwd: string): string[] =>
  configProblems({ APP_SECRET: SECRET, ...env }, cwd);

describe('loadConfig: the firm block', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'cp-firm-config-'));
  });
  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  it('defaults to UTC, 09:00-17:00, Monday to Friday', () => {
    expect(loadConfig({ APP_SECRET: SECRET }, cwd).firm).toEqual({
      timeZone: 'UTC',
      openMinute: 540,
      closeMinute: 1020,
      businessDays: [1, 2, 3, 4, 5],
    });
  });

  it('reads a zone, hours and days', () => {
    const firm = loadConfig(
      {
        APP_SECRET: SECRET,
        FIRM_TIME_ZONE: 'America/New_York',
        FIRM_BUSINESS_HOURS: '08:30-18:00',
        FIRM_BUSINESS_DAYS: 'sat,mon-wed',
      },
      cwd,
    ).firm;
    expect(firm).toEqual({
      timeZone: 'America/New_York',
      openMinute: 510,
      closeMinute: 1080,
      businessDays: [1, 2, 3, 6],
    });
  });

  it('names every bad firm setting', () => {
    expect(
      problemsOf(
        {
          FIRM_TIME_ZONE: 'Mars/Olympus_Mons',
          FIRM_BUSINESS_HOURS: '17:00-09:00',
          FIRM_BUSINESS_DAYS: 'fri-mon',
        },
        cwd,
      ),
    ).toEqual([
      expect.stringMatching(/^FIRM_TIME_ZONE must be an IANA time zone name/),
      expect.stringMatching(/^FIRM_BUSINESS_HOURS must be HH:MM-HH:MM/),
      expect.stringMatching(/^FIRM_BUSINESS_DAYS must list days/),
    ]);
    expect(problemsOf({ FIRM_BUSINESS_HOURS: '9-5' }, cwd)).toHaveLength(1);
    expect(problemsOf({ FIRM_BUSINESS_DAYS: 'weekdays' }, cwd)).toHaveLength(1);
    expect(problemsOf({ FIRM_TIME_ZONE: '../etc/passwd' }, cwd)).toHaveLength(1);
  });
});
