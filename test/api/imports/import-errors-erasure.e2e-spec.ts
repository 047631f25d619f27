import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createReadModelStore } from '@app/read-models';
import { PROJECTIONS } from '@app/read-models/projections';
import { rebuildProjection } from '@app/read-models/rebuild';
import { openEventStore } from '@app/runtime';
import { ImportErrorsRetention } from '../../../apps/api/src/imports/import-errors-retention';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';
import { importClient, importDir } from './import-support';

const DAY_MS = 86_400_000;

/**
 * Issue 8, ADR 0008: an import's rejected rows (their fields and reasons quote emails) are personal data, sealed under
 * the import's own data key from the start. `DELETE /api/v1/imports/{id}/errors` destroys that key: the rows read as
 * erased (`GET …/errors` is 410), and no byte of the database files holds them — before and after a rebuild of every
 * projection. `IMPORT_ERRORS_RETENTION_DAYS` erases them by itself once a completed import is older than that.
 */
describe("erasing an import's rejected rows", () => {
  const ACCOUNT = 'imperase';
  const SECRET_EMAIL = 'grace.hopper.90210@example.org';
  const SECRET_LABEL = 'Quuxifrobnicator';
  const SECRETS = [SECRET_EMAIL, SECRET_LABEL];

  let dir: string;
  let uploads: string;
  let app: NestFastifyApplication;
  let user: string;
  const env = () => ({
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: join(dir, 'events.db'),
    READ_MODELS: 'sqlite',
    READ_MODELS_SQLITE_PATH: join(dir, 'read-models.db'),
    IMPORT_DIR: uploads,
    IMPORT_BATCH_ROWS: '4',
    IMPORT_ERRORS_RETENTION_DAYS: '30',
  });
  /** Every file of the data folder (databases and their WAL), as text. */
  const disk = () =>
    readdirSync(dir)
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('\n');
  const leaked = (text: string) => SECRETS.filter((secret) => text.includes(secret));
  const send = (method: 'GET' | 'DELETE' | 'POST', url: string, token = user, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });

  /** Imports a file whose rows 3 and 6 are rejected with the secrets in their fields and reasons (when `bad`). */
  const runImport = async (importId: string, bad: boolean) => {
    const rows = ['from_email,to_domain,labels'];
    for (let i = 0; i < 8; i++) {
      if (bad && (i === 1 || i === 4)) rows.push(`${SECRET_EMAIL},${importId}.example,${SECRET_LABEL}`);
      else rows.push(`c${i}@${importId}.example,${importId}.example,Manager`);
    }
    const client = importClient(app, user);
    const response = await client.upload(
      { fromObjectType: 'contacts', toObjectType: 'companies', importId, createMissing: 'true' },
      { name: `${importId}.csv`, content: `${rows.join('\n')}\n` },
    );
    expect(response.statusCode).toBe(202);
    return client.completed(importId);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'import-erasure-'));
    uploads = importDir();
    app = await bootTestApp({ env: env() });
    user = await signToken({ accountId: ACCOUNT, roles: ['user'], sub: 'importer-1' });
    const admin = await signToken({ accountId: ACCOUNT, roles: ['super_admin'] });
    const label = await send('POST', '/crm/v4/associations/contacts/companies/labels', admin, {
      label: 'Manager',
      name: 'manager',
    });
    expect(label.statusCode).toBe(200);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(uploads, { recursive: true, force: true });
  });

  it('keeps the rejected rows sealed at rest from the start, and still serves them as CSV', async () => {
    const status = await runImport('imp-a', true);
    expect(status).toMatchObject({ appliedRows: 6, rejectedRows: 2 });
    const [header, ...rows] = await importClient(app, user).errors('imp-a');
    expect(header).toEqual(['line', 'code', 'reason', 'from_email', 'to_domain', 'labels']);
    expect(rows.map((r) => [r[0], r[1], r[3], r[5]])).toEqual([
      ['3', 'UNKNOWN_LABEL', SECRET_EMAIL, SECRET_LABEL],
      ['6', 'UNKNOWN_LABEL', SECRET_EMAIL, SECRET_LABEL],
    ]);
    expect(rows[0]![2]).toContain(SECRET_LABEL);
    const events = readdirSync(dir)
      .filter((name) => name.startsWith('events.db'))
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('\n');
    expect(leaked(events)).toEqual([]);
    expect(events).toContain('ImportBatchRecorded');
  });

  it('refuses other roles (403) and unknown imports (404)', async () => {
    const auditor = await signToken({ accountId: ACCOUNT, roles: ['auditor'] });
    expectHubSpotError(await send('DELETE', '/api/v1/imports/imp-a/errors', auditor), 403, 'MISSING_SCOPES');
    expectHubSpotError(await send('DELETE', '/api/v1/imports/nope/errors'), 404, 'OBJECT_NOT_FOUND');
    expect((await send('GET', '/api/v1/imports/imp-a/errors')).statusCode).toBe(200);
  });

  it('erases them on DELETE (204, idempotent): the CSV answers 410, the counts stay', async () => {
    const erased = await send('DELETE', '/api/v1/imports/imp-a/errors');
    expect(erased.statusCode).toBe(204);
    expect(erased.body).toBe('');
    expect((await send('DELETE', '/api/v1/imports/imp-a/errors')).statusCode).toBe(204);

    const gone = expectHubSpotError(await send('GET', '/api/v1/imports/imp-a/errors'), 410, 'OBJECT_NOT_FOUND');
    expect(gone.context).toMatchObject({ importId: 'imp-a', rejectedRows: 2 });
    const status = (await send('GET', '/api/v1/imports/imp-a')).json<Record<string, unknown>>();
    expect(status).toMatchObject({ state: 'COMPLETED', appliedRows: 6, rejectedRows: 2 });
    expect(status.errorsErasedAt).toEqual(expect.any(String));

    // The audit log shows the batch's rows as erased.
    const admin = await signToken({ accountId: ACCOUNT, roles: ['super_admin', 'auditor'] });
    const audit = await send('GET', '/api/v1/audit/events?limit=500', admin);
    expect(audit.statusCode).toBe(200);
    expect(leaked(audit.body)).toEqual([]);
  });

  it('erases completed imports older than IMPORT_ERRORS_RETENTION_DAYS when the sweep runs', async () => {
    await runImport('imp-b', true);
    await runImport('imp-c', false);
    const [, ...rows] = await importClient(app, user).errors('imp-b');
    expect(rows).toHaveLength(2);
    const retention = app.get(ImportErrorsRetention);
    expect(await retention.sweep(new Date(Date.now() + 29 * DAY_MS))).toBe(0);
    expect((await send('GET', '/api/v1/imports/imp-b/errors')).statusCode).toBe(200);
    // imp-a is erased already and imp-c rejected nothing: only imp-b expires.
    expect(await retention.sweep(new Date(Date.now() + 31 * DAY_MS))).toBe(1);
    expectHubSpotError(await send('GET', '/api/v1/imports/imp-b/errors'), 410, 'OBJECT_NOT_FOUND');
    expect((await send('GET', '/api/v1/imports/imp-c/errors')).statusCode).toBe(200);
    expect(await retention.sweep(new Date(Date.now() + 62 * DAY_MS))).toBe(0);
  });

  it('leaves no byte of them on disk, and a rebuild of every projection brings none back', async () => {
    await app.close();
    expect(leaked(disk())).toEqual([]);
    expect(disk()).toContain('c0@imp-a.example'); // the applied rows' records are still there
    expect(readdirSync(join(uploads, ACCOUNT))).toEqual([]); // completed uploads are not kept

    const store = await openEventStore({ kind: 'sqlite', sqlitePath: env().SQLITE_PATH });
    const readModels = await createReadModelStore({ kind: 'sqlite', sqlitePath: env().READ_MODELS_SQLITE_PATH });
    for (const projection of PROJECTIONS) await rebuildProjection(store, readModels, projection, { graceMs: 0 });
    await readModels.close();
    await store.close();
    expect(leaked(disk())).toEqual([]);

    app = await bootTestApp({ env: env() });
    expectHubSpotError(await send('GET', '/api/v1/imports/imp-a/errors'), 410, 'OBJECT_NOT_FOUND');
    expect((await send('GET', '/api/v1/imports/imp-a')).json()).toMatchObject({ rejectedRows: 2 });
  }, 60_000);
});
