import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogCapture, UUID, bootTestApp, expectHubSpotError } from './support/test-app';

describe('correlation ids (e2e)', () => {
  let app: NestFastifyApplication;
  const logs = new LogCapture();

  beforeAll(async () => {
    app = await bootTestApp({ logs });
  });

  afterAll(async () => {
    await app.close();
  });

  it('generates one and returns it in the header and the error body', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/me' });
    const body = expectHubSpotError(response, 401, 'INVALID_AUTHENTICATION');
    expect(response.headers['x-correlation-id']).toMatch(UUID);
    expect(body.correlationId).toBe(response.headers['x-correlation-id']);
  });

  it('echoes a sane X-Correlation-Id', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/nowhere',
      headers: { 'x-correlation-id': 'client-abc-1' },
    });
    expect(expectHubSpotError(response, 404, 'OBJECT_NOT_FOUND').correlationId).toBe('client-abc-1');
  });

  it('accepts X-Request-Id', async () => {
    const response = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'req-9' } });
    expect(response.headers['x-correlation-id']).toBe('req-9');
  });

  it('replaces an insane one', async () => {
    const response = await app.inject({ method: 'GET', url: '/health', headers: { 'x-correlation-id': 'a b"c' } });
    expect(response.headers['x-correlation-id']).toMatch(UUID);
  });

  it('is on every log line of the request', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/test-probes/log',
      headers: { 'x-correlation-id': 'logged-1' },
    });
    expect(response.statusCode).toBe(200);
    const handlerLine = logs.lines.find((line) => line.msg === 'probe handled');
    const completedLine = logs.lines.find(
      (line) => line.msg === 'request completed' && (line.req as { url: string }).url === '/test-probes/log',
    );
    expect(handlerLine).toMatchObject({ correlationId: 'logged-1', context: 'Probe', level: 'info' });
    expect(completedLine).toMatchObject({ correlationId: 'logged-1', res: { statusCode: 200 } });
  });

  it('never logs the bearer token', async () => {
    await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer very.secret.token', 'x-request-id': 'redact-1' },
    });
    const lines = logs.lines.filter((line) => line.correlationId === 'redact-1');
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain('very.secret.token');
  });
});
