import { checkUrl, nonPublicReason, resolveTarget, TargetRefused } from './address-guard';
import { signatureHeader, verifySignature } from './signature';
import { retryDelayMs } from './webhook.jobs';

describe('webhook target rules (SSRF guard)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.1', 'carrier-grade'],
    ['0.0.0.0', 'this-network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['fd00:ec2::254', 'unique local'],
    ['192.88.99.1', '6to4 relay'],
    ['::ffff:0:10.0.0.1', 'outside 2000::/3'],
    ['::ffff:0:8.8.8.8', 'outside 2000::/3'],
    ['64:ff9b:1::a00:1', 'outside 2000::/3'],
    ['64:ff9b:1:ffff::8.8.8.8', 'outside 2000::/3'],
    ['100::1', 'outside 2000::/3'],
    ['4000::1', 'outside 2000::/3'],
  ])('%s is not public (%s)', (address, kind) => {
    expect(nonPublicReason(address)).toContain(kind);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(nonPublicReason(address)).toBeNull();
    },
  );

  it('outside tests only https, and never a user name in the URL', () => {
    const strict = { allowLocal: false };
    expect(() => checkUrl('http://example.com/hook', strict)).toThrow(TargetRefused);
    expect(() => checkUrl('ftp://example.com/hook', { allowLocal: true })).toThrow(TargetRefused);
    expect(() => checkUrl('https://user:pw@example.com/', strict)).toThrow(TargetRefused);
    expect(() => checkUrl('not a url', strict)).toThrow(TargetRefused);
    expect(checkUrl('https://example.com/hook', strict).hostname).toBe('example.com');
    expect(checkUrl('http://127.0.0.1:9/hook', { allowLocal: true }).port).toBe('9');
  });

  it('every address a name resolves to is checked, not just the first', async () => {
    const resolver = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ]);
    const url = new URL('https://rebind.example/');
    await expect(resolveTarget(url, { allowLocal: false }, resolver)).rejects.toThrow(
      /private address \(10\.0\.0\.5\)/,
    );
    await expect(resolveTarget(url, { allowLocal: true }, resolver)).resolves.toHaveLength(2);
    await expect(
      resolveTarget(new URL('https://[::ffff:127.0.0.1]/'), { allowLocal: false }),
    ).rejects.toThrow(/loopback/);
  });
});

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 and verifies in constant time within the tolerance', () => {
    const header = signatureHeader('whsec_test', 1_700_000_000, '{"a":1}');
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_test', header, '{"a":1}', 1_700_000_010)).toBe(true);
    expect(verifySignature('whsec_test', header, '{"a":2}', 1_700_000_010)).toBe(false);
    expect(verifySignature('whsec_other', header, '{"a":1}', 1_700_000_010)).toBe(false);
    expect(verifySignature('whsec_test', header, '{"a":1}', 1_700_001_000)).toBe(false);
  });
});

describe('webhook retry back-off', () => {
  it('doubles per attempt with jitter of a quarter either way, capped', () => {
    expect(retryDelayMs(1, 1000, 60_000, 0.5)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, 0.5)).toBe(4000);
    expect(retryDelayMs(3, 1000, 60_000, 0)).toBe(3000);
    expect(retryDelayMs(3, 1000, 60_000, 1)).toBe(5000);
    expect(retryDelayMs(30, 1000, 60_000, 1)).toBe(60_000);
  });
});
