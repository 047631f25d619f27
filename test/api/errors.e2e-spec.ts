import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogCapture, bootTestApp, expectHubSpotError } from './support/test-app';

describe('errors (e2e)', () => {
  let app: NestFastifyApplication;
  const logs = new LogCapture();

  beforeAll(async () => {
    app = await bootTestApp({ logs });
  });

  afterAll(async () => {
    await app.close();
  });

  const postJson = (payload: string, url = '/test-probes/echo') =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });

  describe('a malformed JSON body', () => {
    it('is a 400 VALIDATION_ERROR in JSON', async () => {
      const body = expectHubSpotError(await postJson('{"name": "x",'), 400, 'VALIDATION_ERROR');
      expect(body.message).toMatch(/^Invalid JSON input: /);
    });

    it('is a 400 when the body is empty, in HubSpot words', async () => {
      const body = expectHubSpotError(await postJson(''), 400, 'VALIDATION_ERROR');
      expect(body.message).toBe('Invalid JSON input: a request body was expected, but none found');
    });

    it('is refused when it tries prototype poisoning', async () => {
      const body = expectHubSpotError(await postJson('{"__proto__": {"admin": true}}'), 400, 'VALIDATION_ERROR');
      expect(body.message).toMatch(/^Invalid JSON input: /);
    });
  });

  it('lists every invalid field of a DTO (400 VALIDATION_ERROR)', async () => {
    const body = expectHubSpotError(await postJson('{"name": 3, "limit": 0}'), 400, 'VALIDATION_ERROR');
    expect(body.message).toContain('name must be a string');
    expect(body.message).toContain('limit must not be less than 1');
    expect(body.context).toEqual({ fields: { name: [expect.any(String)], limit: [expect.any(String)] } });
  });

  it('accepts a valid body', async () => {
    const response = await postJson('{"name": "Manager", "limit": 5, "extra": true}');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ name: 'Manager', limit: 5 });
  });

  describe('an unknown route', () => {
    it('is a 404 OBJECT_NOT_FOUND in JSON, never HTML', async () => {
      const response = await app.inject({
        method: 'GET',
        url: '/crm/v4/nothing-here',
        headers: { accept: 'text/html' },
      });
      const body = expectHubSpotError(response, 404, 'OBJECT_NOT_FOUND');
      expect(body.message).toBe('Unknown route: GET /crm/v4/nothing-here');
      expect(response.body).not.toContain('<');
    });

    it('is a 405 with Allow when the path exists under other methods', async () => {
      const response = await app.inject({ method: 'DELETE', url: '/health' });
      const body = expectHubSpotError(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers.allow).toBe('GET, HEAD');
      expect(body.context).toEqual({ allowedMethods: ['GET', 'HEAD'] });
    });

    it('is still a 404 when the body is also bad', async () => {
      expectHubSpotError(await postJson('{bad', '/nowhere'), 404, 'OBJECT_NOT_FOUND');
    });
  });

  it('answers an oversize body with 413 in JSON', async () => {
    const payload = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), limit: 1 });
    const body = expectHubSpotError(await postJson(payload), 413, 'PAYLOAD_TOO_LARGE');
    expect(body.message).toMatch(/too large/i);
  });

  it('answers an unsupported media type with 415 in JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test-probes/echo',
      headers: { 'content-type': 'application/xml' },
      payload: '<name>x</name>',
    });
    expectHubSpotError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('maps an event store conflict to 409 CONFLICT', async () => {
    const body = expectHubSpotError(await app.inject({ method: 'GET', url: '/test-probes/conflict' }), 409, 'CONFLICT');
    expect(body.context).toEqual({ stream: 'label-1.abc', expected: 'revision 3', actual: 'revision 4' });
  });

  describe('an unexpected error', () => {
    it('is a 500 INTERNAL_ERROR with a generic message and no stack', async () => {
      const response = await app.inject({ method: 'GET', url: '/test-probes/boom' });
      const body = expectHubSpotError(response, 500, 'INTERNAL_ERROR');
      expect(body.message).toBe('An internal error occurred. Quote the correlationId when reporting it.');
      expect(response.body).not.toContain('hunter2');
      expect(response.body).not.toContain('stack');
      expect(Object.keys(body).sort()).toEqual(['category', 'correlationId', 'message', 'status']);
    });

    it('is logged with its stack and the correlation id', async () => {
      const response = await app.inject({
        method: 'GET',
        url: '/test-probes/boom',
        headers: { 'x-correlation-id': 'boom-1' },
      });
      expect(response.statusCode).toBe(500);
      const line = logs.lines.find((l) => l.correlationId === 'boom-1' && l.level === 'error' && l.err !== undefined);
      expect(line).toBeDefined();
      expect((line!.err as { stack: string }).stack).toContain('database password is hunter2');
    });
  });

  describe('the API docs', () => {
    it('serve the OpenAPI document without a token, declaring bearer auth', async () => {
      const response = await app.inject({ method: 'GET', url: '/docs-json' });
      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/health', '/api/v1/me', '/api/v1/admin/ping']),
      );
    });

    it('serve Swagger UI without a token', async () => {
      const page = await app.inject({ method: 'GET', url: '/docs' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const bundle = await app.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
      expect(bundle.statusCode).toBe(200);
      expectHubSpotError(await app.inject({ method: 'GET', url: '/docs/package.json' }), 404, 'OBJECT_NOT_FOUND');
    });
  });
});
