import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootTestApp, expectHubSpotError, signToken } from './support/test-app';

describe('authentication and roles (e2e)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await bootTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (url: string, authorization?: string) =>
    app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });

  describe('401 INVALID_AUTHENTICATION', () => {
    it('without a token', async () => {
      const response = await get('/api/v1/me');
      expectHubSpotError(response, 401, 'INVALID_AUTHENTICATION');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('with a token signed by another secret', async () => {
      const token = await signToken({}, { secret: 'not-the-server-secret-but-long-enough-000' });
      expectHubSpotError(await get('/api/v1/me', `Bearer ${token}`), 401, 'INVALID_AUTHENTICATION');
    });

    it('with an expired token', async () => {
      const token = await signToken({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      const body = expectHubSpotError(await get('/api/v1/me', `Bearer ${token}`), 401, 'INVALID_AUTHENTICATION');
      expect(body.message).toBe('The access token has expired');
    });

    it('with a token whose roles are not ours', async () => {
      const token = await signToken({ roles: ['root'] });
      expectHubSpotError(await get('/api/v1/me', `Bearer ${token}`), 401, 'INVALID_AUTHENTICATION');
    });

    it('with another scheme', async () => {
      expectHubSpotError(await get('/api/v1/me', 'Basic dXNlcjpwYXNz'), 401, 'INVALID_AUTHENTICATION');
    });
  });

  it('puts the principal on the request', async () => {
    const token = await signToken({ sub: 'user-7', accountId: '42', roles: ['user', 'auditor'] });
    const response = await get('/api/v1/me', `Bearer ${token}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ userId: 'user-7', accountId: '42', roles: ['user', 'auditor'] });
  });

  describe('a route for super admins', () => {
    it('refuses other roles with 403 MISSING_SCOPES', async () => {
      const token = await signToken({ roles: ['user', 'auditor'] });
      const body = expectHubSpotError(await get('/api/v1/admin/ping', `Bearer ${token}`), 403, 'MISSING_SCOPES');
      expect(body.message).toBe('This operation requires one of the roles: super_admin');
    });

    it('admits a super admin', async () => {
      const token = await signToken({ roles: ['super_admin'] });
      const response = await get('/api/v1/admin/ping', `Bearer ${token}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'pong', principal: { roles: ['super_admin'] } });
    });

    it('still answers 401 before 403 without a token', async () => {
      expectHubSpotError(await get('/api/v1/admin/ping'), 401, 'INVALID_AUTHENTICATION');
    });
  });
});
