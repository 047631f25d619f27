import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PROBE_EVENT_TYPE, bootTestApp, expectHubSpotError, signToken } from './support/test-app';

interface Stats {
  accountId: string;
  events: number;
  lastPosition: string | null;
  lastEventAt: string | null;
  byType: Record<string, number>;
}

/** The probe command: appends one event for the token's account and returns its position. */
async function append(app: NestFastifyApplication, token: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/test-probes/events',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode).toBe(201);
  const position = response.headers['x-event-position'];
  expect(position).toMatch(/^\d+$/);
  expect(response.json()).toEqual({ position });
  return String(position);
}

function getStats(
  app: NestFastifyApplication,
  token: string,
  minPosition?: string,
  via: 'header' | 'query' = 'header',
) {
  const query = minPosition !== undefined && via === 'query' ? `?minPosition=${encodeURIComponent(minPosition)}` : '';
  return app.inject({
    method: 'GET',
    url: `/api/v1/stats${query}`,
    headers: {
      authorization: `Bearer ${token}`,
      ...(minPosition !== undefined && via === 'header' && { 'x-min-position': minPosition }),
    },
  });
}

/** The same read-your-writes contract, whatever the stores. */
function describeReadYourWrites(env: () => Record<string, string>): void {
  let app: NestFastifyApplication;
  let token: string;

  beforeAll(async () => {
    app = await bootTestApp({ env: env() });
    token = await signToken({ accountId: '7', roles: ['auditor'] });
  });
  afterAll(() => app.close());

  it('counts the caller\u2019s own write when the query asks for its position', async () => {
    const first = await append(app, token);
    const second = await append(app, token);
    expect(BigInt(second)).toBeGreaterThan(BigInt(first));

    const response = await getStats(app, token, second);
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-stale']).toBeUndefined();
    const stats = response.json<Stats>();
    expect(stats).toMatchObject({ accountId: '7', events: 2, lastPosition: second, byType: { [PROBE_EVENT_TYPE]: 2 } });
    expect(Date.parse(stats.lastEventAt ?? '')).not.toBeNaN();
  });

  it('takes the minimum position from the query string too', async () => {
    const position = await append(app, token);
    const response = await getStats(app, token, position, 'query');
    expect(response.statusCode).toBe(200);
    expect(response.json<Stats>().lastPosition).toBe(position);
  });

  it('shows each account only its own events', async () => {
    const other = await signToken({ accountId: '8' });
    const position = await append(app, token);
    const response = await getStats(app, other, position);
    expect(response.json()).toEqual({ accountId: '8', events: 0, lastPosition: null, lastEventAt: null, byType: {} });
  });
}

describe('GET /api/v1/stats with read-your-writes (e2e)', () => {
  describe('on the memory stores', () => {
    describeReadYourWrites(() => ({}));

    describe('with a bad request', () => {
      let app: NestFastifyApplication;
      beforeAll(async () => {
        app = await bootTestApp();
      });
      afterAll(() => app.close());

      it('needs a token', async () => {
        expectHubSpotError(await app.inject({ method: 'GET', url: '/api/v1/stats' }), 401, 'INVALID_AUTHENTICATION');
      });

      it.each(['abc', '-1', '1.5', '', '123456789012345678901'])(
        'rejects the minimum position %p with 400 VALIDATION_ERROR',
        async (value) => {
          const token = await signToken();
          for (const via of ['header', 'query'] as const) {
            const body = expectHubSpotError(await getStats(app, token, value, via), 400, 'VALIDATION_ERROR');
            expect(body.message).toContain(via === 'header' ? 'X-Min-Position' : 'minPosition');
          }
        },
      );
    });
  });

  describe('on SQLite event store and read models', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'labels-ryw-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    describeReadYourWrites(() => ({ EVENT_STORE: 'sqlite', SQLITE_PATH: join(dir, 'events.db') }));

    it('keeps the read models in read-models.db next to the event store by default', () => {
      expect(existsSync(join(dir, 'read-models.db'))).toBe(true);
    });
  });

  describe('when no runner passes the position in time', () => {
    it('answers with what it has after READ_YOUR_WRITES_TIMEOUT_MS, marked X-Stale: true', async () => {
      const app = await bootTestApp({ env: { PROJECTIONS: 'off', READ_YOUR_WRITES_TIMEOUT_MS: '150' } });
      try {
        const token = await signToken();
        const position = await append(app, token);
        const started = Date.now();
        const response = await getStats(app, token, position);
        expect(Date.now() - started).toBeGreaterThanOrEqual(140);
        expect(response.statusCode).toBe(200);
        expect(response.headers['x-stale']).toBe('true');
        expect(response.json()).toMatchObject({ events: 0, lastPosition: null });

        const unbounded = await getStats(app, token);
        expect(unbounded.headers['x-stale']).toBeUndefined();
      } finally {
        await app.close();
      }
    });
  });
});
