import {
  ACCESS_CODE_PATTERN,
  accessCodeHash,
  accessCodeMatches,
  newAccessCode,
} from './access-code';
import { looksAutomated, noticeDeviceLabel } from './device-notice';

const SECRET = 'x'.repeat(40);

describe('access codes (issue 14)', () => {
  it('are 6 digits, leading zeros kept, and not all the same', () => {
    const codes = Array.from({ length: 200 }, newAccessCode);
    for (const code of codes) expect(code).toMatch(ACCESS_CODE_PATTERN);
    expect(new Set(codes).size).toBeGreaterThan(150);
  });

  it('are stored as an HMAC bound to the link id, never as the code or its plain hash', () => {
    const hash = accessCodeHash(SECRET, 'link-1', '012345');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('012345');
    expect(accessCodeHash(SECRET, 'link-2', '012345')).not.toBe(hash);
    expect(accessCodeHash('y'.repeat(40), 'link-1', '012345')).not.toBe(hash);
  });

  it('match only the same code for the same link', () => {
    const stored = accessCodeHash(SECRET, 'link-1', '012345');
    expect(accessCodeMatches(SECRET, 'link-1', '012345', stored)).toBe(true);
    expect(accessCodeMatches(SECRET, 'link-1', '012346', stored)).toBe(false);
    expect(accessCodeMatches(SECRET, 'link-2', '012345', stored)).toBe(false);
    expect(accessCodeMatches(SECRET, 'link-1', '012345', 'abc')).toBe(false);
  });
});

describe('the new-device notice label', () => {
  it('names browser and system, and says "automated" for scanners, bots and headless browsers', () => {
    const desktop =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
    expect(noticeDeviceLabel(desktop)).toBe('Chrome on Windows');
    expect(looksAutomated(desktop)).toBe(false);
    const headless = desktop.replace('Chrome/', 'HeadlessChrome/');
    expect(noticeDeviceLabel(headless)).toMatch(/^Chrome on Windows, automated/);
    for (const ua of [
      'Mozilla/5.0 (compatible; bingbot/2.0)',
      'python-requests/2.31',
      'curl/8.5.0',
      'Mozilla/5.0 (compatible; Barracuda Sentinel)',
      null,
    ]) {
      expect(looksAutomated(ua)).toBe(true);
    }
    expect(noticeDeviceLabel(null)).toMatch(/^an unknown browser, automated/);
  });
});
