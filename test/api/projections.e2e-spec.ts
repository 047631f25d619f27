import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Projection } from '@app/read-models';
import { PROJECTIONS } from '@app/read-models/projections';
import { PROBE_EVENT_TYPE, bootTestApp, signToken } from './support/test-app';
import { until } from './support/until';

interface ProjectionHealth {
  name: string;
  phase: string;
  generation: number;
  checkpoint: string;
  lagEvents: number | null;
  error?: { message: string; position?: string; eventType?: string; attempts: number };
}

async function appendProbe(app: NestFastifyApplication): Promise<string> {
  const token = await signToken();
  const response = await app.inject({
    method: 'POST',
    url: '/test-probes/events',
    headers: { authorization: `Bearer ${token}` },
  });
  return String(response.headers['x-event-position']);
}

const health = async (app: NestFastifyApplication) => {
  const response = await app.inject({ method: 'GET', url: '/health' });
  return {
    statusCode: response.statusCode,
    body: response.json<{ status: string; projections: ProjectionHealth[] }>(),
  };
};

/** A projection that throws on the probe event: the runner must stop it visibly, never skip the event. */
const poison: Projection = {
  name: 'poison',
  eventTypes: [PROBE_EVENT_TYPE],
  evolve: () => {
    throw new Error('cannot handle a probe');
  },
};

describe('projections in the api process (e2e)', () => {
  describe('GET /metrics', () => {
    it('is public and exposes HTTP, append, projection and process metrics', async () => {
      const app = await bootTestApp();
      try {
        const position = await appendProbe(app);
        await until(
          () => health(app),
          (h) => h.body.projections[0]?.checkpoint === position,
        );
        const token = await signToken();
        await app.inject({ method: 'GET', url: '/api/v1/stats', headers: { authorization: `Bearer ${token}` } });

        const response = await app.inject({ method: 'GET', url: '/metrics' });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/plain/);
        const text = response.body;
        const series = (name: string, ...labels: string[]) =>
          new RegExp(`^${name}\\{[^}]*${labels.map((l) => `${l}[^}]*`).join('')}\\} (\\S+)$`, 'm').exec(text)?.[1];

        expect(series('projection_events_applied_total', 'projection="account-stats"')).toBe('1');
        expect(series('projection_batch_size_count', 'projection="account-stats"')).toBe('1');
        expect(series('projection_checkpoint_position', 'projection="account-stats"')).toBe(position);
        expect(series('projection_lag_events', 'projection="account-stats"')).toBe('0');
        expect(series('projection_lag_seconds', 'projection="account-stats"')).toBe('0');
        expect(series('event_store_append_duration_seconds_count', 'store="memory"', 'outcome="ok"')).toBe('1');
        expect(series('event_store_appended_events_total', 'store="memory"')).toBe('1');
        expect(
          series('http_request_duration_seconds_count', 'route="/api/v1/stats"', 'method="GET"', 'status_code="200"'),
        ).toBe('1');
        expect(text).toMatch(/^process_cpu_user_seconds_total\{service="api"\} /m);
      } finally {
        await app.close();
      }
    });

    it('keeps each app instance\u2019s counts apart', async () => {
      const [a, b] = [await bootTestApp(), await bootTestApp()];
      try {
        await appendProbe(a);
        const text = (await b.inject({ method: 'GET', url: '/metrics' })).body;
        expect(text).not.toMatch(/^event_store_append_duration_seconds_count\{[^}]*outcome="ok"/m);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });

  describe('GET /health', () => {
    it('shows each projection live at the head of the log', async () => {
      const app = await bootTestApp();
      try {
        const position = await appendProbe(app);
        const { statusCode, body } = await until(
          () => health(app),
          (h) => {
            const stats = h.body.projections.find((p) => p.name === 'account-stats');
            return stats?.phase === 'live' && stats.checkpoint === position;
          },
        );
        expect(statusCode).toBe(200);
        expect(body.projections).toContainEqual({
          name: 'account-stats',
          phase: 'live',
          generation: 1,
          checkpoint: position,
          lagEvents: 0,
          lagSeconds: 0,
        });
      } finally {
        await app.close();
      }
    });

    it('turns 503 when a projection stops on a poison event, while the others keep going', async () => {
      const app = await bootTestApp({
        readModels: { projections: [...PROJECTIONS, poison], runner: { poisonAttempts: 2, retryBaseMs: 1 } },
      });
      try {
        const position = await appendProbe(app);
        const { body } = await until(
          () => health(app),
          (h) => h.statusCode === 503,
        );
        expect(body.status).toBe('error');
        const byName = Object.fromEntries(body.projections.map((p) => [p.name, p]));
        expect(byName['poison']).toMatchObject({
          phase: 'failed',
          checkpoint: '0',
          error: { position, eventType: PROBE_EVENT_TYPE, attempts: 2 },
        });
        expect(byName['poison']?.error?.message).toContain('cannot handle a probe');
        const stats = await until(
          () => health(app),
          (h) => h.body.projections.find((p) => p.name === 'account-stats')?.checkpoint === position,
        );
        expect(stats.statusCode).toBe(503);

        const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
        expect(metrics).toMatch(/^projection_errors_total\{projection="poison",kind="poison"[^}]*\} 1$/m);
      } finally {
        await app.close();
      }
    });

    it('reports the stored checkpoints when another process runs the projections', async () => {
      const app = await bootTestApp({ env: { PROJECTIONS: 'off' } });
      try {
        await appendProbe(app);
        const { statusCode, body } = await health(app);
        expect(statusCode).toBe(200);
        expect(body.projections).toContainEqual(
          expect.objectContaining({ name: 'account-stats', phase: 'external', checkpoint: '0', lagEvents: 1 }),
        );
      } finally {
        await app.close();
      }
    });
  });
});
