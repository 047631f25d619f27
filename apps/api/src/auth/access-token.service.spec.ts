import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { AppException } from '../errors/app.exception';
import { AccessTokenService } from './access-token.service';

const SECRET = new TextEncoder().encode('an-hs256-secret-of-at-least-32-characters');
const service = new AccessTokenService({ secret: { key: SECRET, origin: 'JWT_SECRET' } });

function hs256(claims: Record<string, unknown>) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' });
}

async function rejection(token: string): Promise<AppException> {
  const error: unknown = await service.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppException)) throw new Error(`expected an AppException, got ${String(error)}`);
  return error;
}

describe('AccessTokenService', () => {
  it('verifies what it signs', async () => {
    const token = await service.sign({ userId: 'u1', accountId: '1', roles: ['super_admin', 'auditor'] }, '1h');
    await expect(service.verify(token)).resolves.toEqual({
      userId: 'u1',
      accountId: '1',
      roles: ['super_admin', 'auditor'],
    });
  });

  describe('remembers tokens it accepted', () => {
    const clock = { ms: Date.now() };
    const cached = new AccessTokenService({ secret: { key: SECRET, origin: 'JWT_SECRET' } }, () => clock.ms);

    beforeEach(() => (clock.ms = Date.now()));

    it('answers a token seen before without checking it again, each time with its own principal', async () => {
      const token = await hs256({ accountId: '1', roles: ['user'] })
        .setSubject('u1')
        .setExpirationTime('1h')
        .sign(SECRET);
      const first = await cached.verify(token);
      first.roles.push('super_admin');
      const verifySignature = jest.spyOn(cached as never, 'verifySignature');
      await expect(cached.verify(token)).resolves.toEqual({ userId: 'u1', accountId: '1', roles: ['user'] });
      expect(verifySignature).not.toHaveBeenCalled();
      verifySignature.mockRestore();
    });

    it('stops accepting a remembered token once it has expired', async () => {
      const exp = Math.floor(Date.now() / 1000) + 60;
      const token = await hs256({ accountId: '1', roles: ['user'] })
        .setSubject('u1')
        .setExpirationTime(exp)
        .sign(SECRET);
      await cached.verify(token);
      clock.ms = exp * 1000 + 5_001; // past exp and the 5 s clock tolerance
      jest.useFakeTimers({ now: clock.ms, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      try {
        await expect(cached.verify(token)).rejects.toMatchObject({
          code: 'UNAUTHENTICATED',
          message: 'The access token has expired',
        });
      } finally {
        jest.useRealTimers();
      }
    });

    it('checks the signature again after a minute', async () => {
      const token = await hs256({ accountId: '1', roles: ['user'] })
        .setSubject('u1')
        .setExpirationTime('1h')
        .sign(SECRET);
      await cached.verify(token);
      const verifySignature = jest.spyOn(cached as never, 'verifySignature');
      clock.ms += 59_000;
      await cached.verify(token);
      expect(verifySignature).not.toHaveBeenCalled();
      clock.ms += 2_000;
      await cached.verify(token);
      expect(verifySignature).toHaveBeenCalledTimes(1);
      verifySignature.mockRestore();
    });

    it('does not remember a token it refused', async () => {
      const token = await hs256({ accountId: 'acme-1', roles: ['user'] })
        .setSubject('u1')
        .setExpirationTime('1h')
        .sign(SECRET);
      await expect(cached.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(cached.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  it('refuses to sign without roles', async () => {
    await expect(service.sign({ userId: 'u1', accountId: '1', roles: [] }, '1h')).rejects.toThrow(/roles/);
  });

  describe('rejects with UNAUTHENTICATED', () => {
    it('an expired token', async () => {
      const token = await hs256({ accountId: '1', roles: ['user'] })
        .setSubject('u1')
        .setExpirationTime('-1h')
        .sign(SECRET);
      expect(await rejection(token)).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: 'The access token has expired',
      });
    });

    it('a token without exp', async () => {
      const token = await hs256({ accountId: '1', roles: ['user'] })
        .setSubject('u1')
        .sign(SECRET);
      expect(await rejection(token)).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringContaining('exp'),
      });
    });

    it('a token signed with another secret', async () => {
      const other = new TextEncoder().encode('another-secret-that-is-also-32-characters-long');
      const token = await hs256({ accountId: '1', roles: ['user'] })
        .setSubject('u1')
        .setExpirationTime('1h')
        .sign(other);
      expect(await rejection(token)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The access token is invalid' });
    });

    it('an unsecured token (alg none)', async () => {
      const token = new UnsecuredJWT({ accountId: '1', roles: ['user'] })
        .setSubject('u1')
        .setExpirationTime('1h')
        .encode();
      expect(await rejection(token)).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('garbage', async () => {
      expect(await rejection('not.a.jwt')).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it.each([
      ['no accountId', { roles: ['user'] }],
      ['a numeric accountId', { accountId: 1, roles: ['user'] }],
      ['an accountId with a dash (not a stream-name account)', { accountId: 'acme-1', roles: ['user'] }],
      ['an accountId of 65 characters', { accountId: 'a'.repeat(65), roles: ['user'] }],
      ['no roles', { accountId: '1' }],
      ['empty roles', { accountId: '1', roles: [] }],
      ['an unknown role', { accountId: '1', roles: ['user', 'root'] }],
    ])('a token with %s', async (_case, claims) => {
      const token = await hs256(claims).setSubject('u1').setExpirationTime('1h').sign(SECRET);
      expect(await rejection(token)).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('a token without sub', async () => {
      const token = await hs256({ accountId: '1', roles: ['user'] })
        .setExpirationTime('1h')
        .sign(SECRET);
      expect(await rejection(token)).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  describe('with JWKS_URL', () => {
    let server: Server;
    let privateKey: KeyLike;
    let jwks: AccessTokenService;

    beforeAll(async () => {
      const pair = await generateKeyPair('RS256');
      privateKey = pair.privateKey;
      const body = JSON.stringify({
        keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }],
      });
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      jwks = new AccessTokenService({ jwksUrl: new URL(`http://127.0.0.1:${port}/jwks.json`) });
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('verifies RS256 tokens from the identity provider', async () => {
      const token = await new SignJWT({ accountId: '9', roles: ['consumer'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('svc')
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(jwks.verify(token)).resolves.toEqual({ userId: 'svc', accountId: '9', roles: ['consumer'] });
    });

    it('does not accept HS256 tokens', async () => {
      const token = await hs256({ accountId: '9', roles: ['user'] })
        .setSubject('u')
        .setExpirationTime('5m')
        .sign(SECRET);
      await expect(jwks.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('cannot sign', async () => {
      await expect(jwks.sign({ userId: 'u', accountId: '1', roles: ['user'] }, '1h')).rejects.toThrow(/JWKS_URL/);
    });
  });
});
