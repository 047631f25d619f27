import { checkWebhookTarget } from './webhook-target';
import { signatureV3, verifySignatureV3, webhookSecret } from './webhook-signature';

describe('webhook targets', () => {
  const resolve = (map: Record<string, string[]>) => async (host: string) => map[host] ?? [];
  const check = (url: string, allowPrivate = false, hosts: Record<string, string[]> = {}) =>
    checkWebhookTarget(url, { allowPrivate, resolve: resolve(hosts) });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[::ffff:127.0.0.1]/',
  ])('refuses %s', async (url) => {
    expect(await check(url)).toEqual({ ok: false, reason: expect.stringMatching(/loopback or private/) });
  });

  it('refuses a name that resolves to any private address', async () => {
    const hosts = { 'hooks.example.com': ['93.184.216.34', '10.0.0.5'] };
    expect((await check('https://hooks.example.com/x', false, hosts)).ok).toBe(false);
  });

  it.each(['ftp://example.com/', 'not a url', 'https://user:pw@example.com/'])(
    'refuses the form of %s',
    async (url) => {
      expect((await check(url, true)).ok).toBe(false);
    },
  );

  it('accepts public addresses, and private ones when configured so', async () => {
    expect((await check('https://hooks.example.com/x', false, { 'hooks.example.com': ['93.184.216.34'] })).ok).toBe(
      true,
    );
    expect((await check('https://8.8.8.8/x')).ok).toBe(true);
    expect((await check('http://127.0.0.1:9/x', true)).ok).toBe(true);
  });
});

describe('HubSpot v3 signatures', () => {
  it('signs method + URI + body + timestamp with the secret, base64 HMAC-SHA256', () => {
    // Independent computation: node's crypto on the concatenation, as HubSpot documents it.
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const expected = createHmac('sha256', 's3cret').update('POSThttps://x.io/h[1]1700000000000').digest('base64');
    expect(signatureV3('s3cret', 'POST', 'https://x.io/h', '[1]', '1700000000000')).toBe(expected);
    const request = { method: 'POST', uri: 'https://x.io/h', body: '[1]', timestamp: '1700000000000' };
    expect(verifySignatureV3('s3cret', { ...request, signature: expected })).toBe(true);
    expect(verifySignatureV3('other', { ...request, signature: expected })).toBe(false);
    expect(verifySignatureV3('s3cret', { ...request, body: '[2]', signature: expected })).toBe(false);
  });

  it('derives a distinct secret per account and subscription', () => {
    const key = new TextEncoder().encode('k'.repeat(32));
    expect(webhookSecret(key, 'a', 's1')).not.toBe(webhookSecret(key, 'a', 's2'));
    expect(webhookSecret(key, 'a', 's1')).not.toBe(webhookSecret(key, 'b', 's1'));
    expect(webhookSecret(key, 'a', 's1')).toBe(webhookSecret(key, 'a', 's1'));
  });
});
