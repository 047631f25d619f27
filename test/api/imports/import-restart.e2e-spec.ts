import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@app/event-store';
import { importContext } from '../../../apps/api/src/imports/import-context';
import { ImportJobs } from '../../../apps/api/src/imports/import-jobs';
import { ImportService } from '../../../apps/api/src/imports/import.service';
import { bootTestApp, signToken } from '../support/test-app';
import { importClient, importDir } from './import-support';

const ACCOUNT = 'restart';

/**
 * Issue 8 item 4, the api's side: an uploaded import that a stopped process left half done is resumed from its last
 * checkpoint when the api starts again, and completes with every row applied once.
 */
describe('an api restart resumes unfinished imports', () => {
  it('runs the rest of an import whose process stopped after its first batches', async () => {
    const store = new MemoryEventStore();
    const dir = importDir();
    const env = { IMPORT_DIR: dir, IMPORT_BATCH_ROWS: '4' };
    const token = await signToken({ sub: 'admin', accountId: ACCOUNT, roles: ['super_admin'] });

    const first = await bootTestApp({ env, eventStore: store });
    const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      first.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        payload: payload as Record<string, unknown>,
      });
    expect(
      (await call('POST', '/crm/v4/associations/contacts/companies/labels', { name: 'boss', label: 'Boss' }))
        .statusCode,
    ).toBe(200);
    const rows = Array.from({ length: 20 }, (_, i) => `c${i}@restart.example,k${i % 3}.restart.example,Boss`);
    const source = join(dir, 'rows.csv');
    writeFileSync(source, `from_email,to_domain,labels\n${rows.join('\n')}\n`);

    // Start the import the way the upload route does, and stop the process after two batches (8 rows).
    const imports = first.get(ImportService);
    const principal = { accountId: ACCOUNT, userId: 'admin', roles: ['super_admin' as const] };
    const context = importContext(
      {
        accountId: ACCOUNT,
        actor: 'admin',
        correlationId: 'c',
        causationId: 'c',
        now: new Date().toISOString(),
        principal,
      },
      'restarted',
    );
    const request = {
      importId: 'restarted',
      fromObjectType: 'contacts',
      toObjectType: 'companies',
      mode: 'set' as const,
      createMissing: true,
      fileName: 'rows.csv',
    };
    await imports.start(context, request, source);
    const kept = first.get(ImportJobs).filePath(ACCOUNT, 'restarted');
    mkdirSync(join(dir, ACCOUNT), { recursive: true });
    copyFileSync(source, kept);
    let batches = 0;
    await imports.run(context, 'restarted', kept, undefined, () => ++batches >= 2);
    expect(await imports.state(ACCOUNT, 'restarted')).toMatchObject({ status: 'Running', rows: 8, lastLine: 9 });
    await first.close();

    const second = await bootTestApp({ env, eventStore: store });
    try {
      const done = await importClient(second, token).completed('restarted', 30_000);
      expect(done).toMatchObject({ state: 'COMPLETED', processedRows: 20, appliedRows: 20, rejectedRows: 0 });
      const events = await store.readAll({ filter: { accountId: ACCOUNT } });
      expect(events.filter((e) => e.type === 'RecordCreated')).toHaveLength(23);
      expect(events.filter((e) => e.type === 'AssociationLabeled')).toHaveLength(40);
      expect(events.filter((e) => e.type === 'ImportBatchRecorded')).toHaveLength(5);
      await second.get(ImportJobs).settled(ACCOUNT, 'restarted');
      expect(existsSync(kept)).toBe(false);
    } finally {
      await second.close();
    }
  }, 60_000);
});
