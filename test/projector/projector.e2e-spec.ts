import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, streamName, type EventStore } from '@app/event-store';
import { events } from '@app/event-store-testing';
import {
  accountStatsKey,
  accountStatsProjection,
  createReadModelStore,
  toAccountStats,
  type ReadModelStore,
} from '@app/read-models';
import { TS_NODE_ARGS, TS_NODE_ENV, freePort, run, startTsNode } from '../api/support/spawn';
import { until } from '../api/support/until';

jest.setTimeout(60_000);

const MAIN = 'apps/projector/src/main.ts';
const ns = { projection: accountStatsProjection.name, generation: 1 };

describe('apps/projector (e2e)', () => {
  it('stops with exit code 1 and a message naming PROJECTOR_PORT when it is invalid', async () => {
    const result = await run('node', [...TS_NODE_ARGS, MAIN], { ...TS_NODE_ENV, PROJECTOR_PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: PROJECTOR_PORT must be an integer from 1 to 65535 (got "0")',
    );
  });

  describe('on a SQLite event store with SQLite read models', () => {
    let dir: string;
    let eventStore: EventStore | undefined;
    let readModels: ReadModelStore | undefined;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'labels-projector-'));
    });
    afterAll(async () => {
      await readModels?.close();
      await eventStore?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('projects appended events into the read-model file, reports them, and stops cleanly on SIGTERM', async () => {
      const port = await freePort();
      const projector = startTsNode(MAIN, {
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: join(dir, 'events.db'),
        READ_MODELS: 'sqlite',
        PROJECTOR_PORT: String(port),
        LOG_LEVEL: 'info',
      });
      try {
        await projector.waitForOutput('Projector running');

        eventStore = await createEventStore({ kind: 'sqlite', sqlitePath: join(dir, 'events.db') });
        const { position } = await eventStore.append([
          { stream: streamName('thing', '5', 'a'), expected: 'no_stream', events: events('5', 3) },
        ]);

        readModels = createReadModelStore({ kind: 'sqlite', sqlitePath: join(dir, 'read-models.db') });
        const rm = readModels;
        await until(
          () => rm.checkpoint(ns),
          (cp) => cp === position,
          { what: 'the checkpoint in the read-model file' },
        );
        expect(toAccountStats('5', await rm.hgetall(ns, accountStatsKey('5')))).toMatchObject({
          events: 3,
          lastPosition: position.toString(),
        });

        const health = await until(
          async () => {
            const response = await fetch(`http://127.0.0.1:${port}/health`);
            return { status: response.status, body: (await response.json()) as Record<string, unknown> };
          },
          (h) => h.status === 200,
          { what: '/health' },
        );
        expect(health.body).toMatchObject({
          status: 'ok',
          eventStore: { store: 'sqlite', reachable: true },
          readModels: { store: 'sqlite', reachable: true },
        });
        expect(health.body.projections).toContainEqual({
          name: 'account-stats',
          phase: 'live',
          generation: 1,
          checkpoint: position.toString(),
          lagEvents: 0,
          lagSeconds: 0,
        });
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        expect(metrics).toMatch(
          /^projection_events_applied_total\{projection="account-stats",service="projector"\} 3$/m,
        );
        expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);

        const lines = projector
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines[0]).toMatchObject({ level: 'info', service: 'projector' });
      } finally {
        projector.child.kill('SIGTERM');
      }
      const { code } = await projector.exited;
      expect(code).toBe(0);
      expect(projector.output()).toContain('Projector stopped');
      // The lease was released, not left to expire.
      expect(await readModels!.acquireLease(accountStatsProjection.name, 'next-owner', 10_000)).toBe(true);
    });
  });
});
