import { describeUserAgent } from './devices.service';

const UA = {
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  firefoxWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  chromeLinux:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
};

describe('describeUserAgent', () => {
  it.each([
    ['Chrome on Android', UA.chromeAndroid],
    ['Safari on iOS', UA.safariIphone],
    ['Firefox on Windows', UA.firefoxWindows],
    ['Edge on Windows', UA.edgeWindows],
    ['Safari on macOS', UA.safariMac],
    ['Chrome on Linux', UA.chromeLinux],
  ])('labels a device "%s"', (label, userAgent) => {
    expect(describeUserAgent(userAgent)).toBe(label);
  });

  it('falls back to a generic label for an unknown agent', () => {
    expect(describeUserAgent('curl/8.5.0')).toBe('Browser on unknown system');
  });

  it.each([undefined, ''])('gives no label without a User-Agent (%p)', (userAgent) => {
    expect(describeUserAgent(userAgent)).toBeNull();
  });
});
