import { rmSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { Pool } from 'pg';
import type { EventStore } from '@app/event-store';
import { PostgresEventStore } from '@app/event-store/adapters/postgres.event-store';
import { RedisReadModelStore } from '@app/read-models/adapters/redis.read-model-store';
import { parseCsv } from '../support/csv';
import { bootTestApp, signToken } from '../support/test-app';
import { until } from '../support/until';
import { importClient, importDir } from './import-support';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const SCHEMA = `import_pg_${process.pid}`;
const PREFIX = `test-import-pg-${process.pid}:`;
const ACCOUNT = 'imppg';
const ROWS = 300;
/** Labels by row (`i % 4`) and what the export shows for them. */
const CELLS = ['decision_maker', 'Manager', '', 'Decision maker; MANAGER'];
const TEXTS = [['Decision maker'], ['Manager'], [], ['Decision maker', 'Manager']];
/** Rows (0-based) that are bad, with the code each is reported with. */
const BAD = new Map<number, string>([
  [17, 'UNKNOWN_LABEL'],
  [101, 'UNKNOWN_LABEL'],
  [150, 'TOO_MANY_COLUMNS'],
  [222, 'AMBIGUOUS_LABEL'],
  [299, 'UNKNOWN_RECORD'],
]);

/**
 * Issue 8 on the production stores: an import of a few hundred rows (five bad ones of four kinds) through the api with
 * the PostgreSQL event store (a schema of its own, dropped after) and Redis read models (a key prefix of its own). The
 * report is exact, every good row's association is in the read models with its labels, and a re-run writes nothing.
 * Without a reachable PostgreSQL or Redis this fails; it never skips: its file name deliberately avoids `postgres` and
 * `redis`, which jest.config.js leaves out of a local run (with a warning) when the service is down.
 */
describe('an import on PostgreSQL and Redis', () => {
  let app: NestFastifyApplication;
  let store: PostgresEventStore;
  let reader: EventStore;
  let redis: Redis;
  let token: string;
  const uploads = importDir();
  const admin = new Pool({ connectionString: url, max: 1 });

  beforeAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    store = await PostgresEventStore.create({ connectionString: url, schema: SCHEMA, pollIntervalMs: 50 });
    reader = await PostgresEventStore.create({ connectionString: url, schema: SCHEMA });
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    await redis.ping();
    app = await bootTestApp({
      eventStore: store,
      readModels: { store: new RedisReadModelStore(redisUrl, { prefix: PREFIX }) },
      env: { IMPORT_DIR: uploads, IMPORT_BATCH_ROWS: '40' },
    });
    token = await signToken({ sub: 'pg-importer', accountId: ACCOUNT, roles: ['super_admin'] });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await reader?.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await admin.end();
    if (redis !== undefined) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
      redis.disconnect();
    }
    rmSync(uploads, { recursive: true, force: true });
  });

  const call = async (method: 'GET' | 'POST', path: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url: path,
      headers: { authorization: `Bearer ${token}` },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: response.statusCode, text: response.body };
  };

  /** Row i pairs contact i % 100 with company ⌊i / 100⌋·10 + i % 10: no pair twice. */
  const contactOf = (i: number) => `c${i % 100}@pg.example`;
  const companyOf = (i: number) => `k${Math.floor(i / 100) * 10 + (i % 10)}.pg.example`;
  const file = () => {
    const lines = ['from_email,to_domain,labels'];
    for (let i = 0; i < ROWS; i++) {
      switch (BAD.get(i)) {
        case 'UNKNOWN_LABEL':
          lines.push(`${contactOf(i)},${companyOf(i)},Chief Nonsense Officer`);
          break;
        case 'TOO_MANY_COLUMNS':
          lines.push(`${contactOf(i)},${companyOf(i)},Manager,extra`);
          break;
        case 'AMBIGUOUS_LABEL':
          lines.push(`${contactOf(i)},${companyOf(i)},Twin`);
          break;
        case 'UNKNOWN_RECORD':
          lines.push(`${contactOf(i)},nobody.pg.example,Manager`);
          break;
        default:
          lines.push(`${contactOf(i)},${companyOf(i)},"${CELLS[i % 4]}"`);
      }
    }
    return `${lines.join('\r\n')}\r\n`;
  };

  it('reports exactly the bad rows and applies every good one, then writes nothing on a re-run', async () => {
    for (const body of [
      { name: 'decision_maker', label: 'Decision maker' },
      { name: 'manager', label: 'Manager', inverseName: 'employee', inverseLabel: 'Employee' },
      { name: 'twin_a', label: 'Twin' },
      { name: 'twin_b', label: 'twin' },
    ]) {
      expect((await call('POST', '/crm/v4/associations/contacts/companies/labels', body)).status).toBe(200);
    }
    // Every record exists but nobody.pg.example's company.
    const create = async (type: string, inputs: Record<string, string>[]) =>
      expect(
        (
          await call('POST', `/crm/v3/objects/${type}/batch/create`, {
            inputs: inputs.map((properties) => ({ properties })),
          })
        ).status,
      ).toBe(201);
    await create(
      'contacts',
      Array.from({ length: 100 }, (_, c) => ({ email: `c${c}@pg.example` })),
    );
    await create(
      'companies',
      Array.from({ length: 30 }, (_, k) => ({ domain: `k${k}.pg.example` })),
    );

    const client = importClient(app, token);
    const upload = () =>
      client.upload(
        { fromObjectType: 'contacts', toObjectType: 'companies', importId: 'pg-1' },
        { name: 'pg.csv', content: file() },
      );
    expect((await upload()).statusCode).toBe(202);
    const status = await client.completed('pg-1');
    expect(status).toMatchObject({
      state: 'COMPLETED',
      totalRows: ROWS,
      processedRows: ROWS,
      appliedRows: ROWS - BAD.size,
      rejectedRows: BAD.size,
      lastLine: ROWS + 1,
    });
    const [, ...errors] = await client.errors('pg-1');
    expect(errors.map(([line, code]) => [Number(line), code])).toEqual(
      [...BAD].map(([i, code]) => [i + 2, code]), // line 1 is the header
    );
    expect(errors.find(([, code]) => code === 'UNKNOWN_RECORD')?.[2]).toContain('nobody.pg.example');

    // The associations, as the Redis read models show them (the export reads the projections).
    const expected = Array.from({ length: ROWS }, (_, i) => i)
      .filter((i) => !BAD.has(i))
      .map((i) => [contactOf(i), companyOf(i), TEXTS[i % 4]!.join(';')].join(','))
      .sort();
    const exported = await until(
      async () => {
        const response = await call(
          'GET',
          '/api/v1/exports/associations?fromObjectType=contacts&toObjectType=companies',
        );
        expect(response.status).toBe(200);
        const [, ...rows] = parseCsv(response.text);
        return rows.map(([, email, , domain, labels]) => [email, domain, labels].join(',')).sort();
      },
      (rows) => rows.length >= expected.length,
      { what: 'the read models show every imported association', timeoutMs: 30_000 },
    );
    expect(exported).toEqual(expected);
    // One contact's associations through the HubSpot route, from Redis too: its four companies, labels included.
    const contactId = (
      JSON.parse((await call('GET', '/crm/v3/objects/contacts/c3@pg.example?idProperty=email')).text) as { id: string }
    ).id;
    const page = JSON.parse(
      (await call('GET', `/crm/v4/objects/contacts/${contactId}/associations/companies`)).text,
    ) as {
      results: { associationTypes: { label: string | null }[] }[];
    };
    expect(page.results).toHaveLength(3); // rows 3, 103 and 203; row 303 does not exist
    expect(page.results.every((r) => r.associationTypes.some((t) => t.label === 'Manager'))).toBe(true);

    // The import's own stream on PostgreSQL: started, one checkpoint per 40 rows, completed.
    const log = await reader.readStream(`import-${ACCOUNT}.pg-1`);
    expect(log.map((e) => e.type)).toEqual([
      'ImportStarted',
      ...Array.from({ length: Math.ceil(ROWS / 40) }, () => 'ImportBatchRecorded'),
      'ImportCompleted',
    ]);

    // Re-posting the same file under the same id writes nothing.
    const head = await reader.headPosition();
    const again = await upload();
    expect(again.statusCode).toBe(202);
    expect(JSON.parse(again.body)).toMatchObject({ state: 'COMPLETED', appliedRows: ROWS - BAD.size });
    expect(await reader.headPosition()).toBe(head);
  });
});
