import { MemoryEventStore, deterministicEventId, type NewEvent } from '@app/event-store';
import { importKeyName } from '@app/domain';
import { sealPersonalData } from './open-event-store';
import { SEALED_FIELD } from './sealing-event-store';

const ACCOUNT = '1';
const STREAM = 'import-1.imp-1';
const metadata = {
  accountId: ACCOUNT,
  actor: 'u-1',
  commandId: 'import:1:imp-1',
  correlationId: 'k-1',
  causationId: 'k-1',
  schemaVersion: 1,
};
const batch = (lastLine: number, errors: unknown[]): NewEvent => ({
  id: deterministicEventId('import:1:imp-1', `batch-${lastLine}`),
  type: 'ImportBatchRecorded',
  data: {
    importId: 'imp-1',
    firstLine: 2,
    lastLine,
    rows: 3,
    applied: 3 - errors.length,
    rejected: errors.length,
    errors,
  },
  metadata,
});
const rejected = [
  { line: 3, code: 'UNKNOWN_LABEL', reason: 'Unknown label "Boss"', fields: ['ada@example.com', 'x.example', 'Boss'] },
];
const erasure: NewEvent = {
  id: deterministicEventId('erase', 'imp-1'),
  type: 'ImportErrorsErased',
  data: { importId: 'imp-1', reason: 'request', erasedBy: 'u-2', erasedAt: '2026-01-03T00:00:00.000Z' },
  metadata,
};

/** ADR 0008: an import's rejected rows are sealed under the import's own data key, destroyed by their erasure. */
describe("sealing an import's rejected rows", () => {
  it('seals them at rest under the import key, opens them on read, and reads them as [] once erased', async () => {
    const inner = new MemoryEventStore();
    const store = sealPersonalData(inner);
    await store.append([{ stream: STREAM, expected: 'no_stream', events: [batch(4, rejected)] }]);

    const [stored] = await inner.readStream(STREAM);
    expect(JSON.stringify(stored!.data)).not.toContain('ada@example.com');
    expect(JSON.stringify(stored!.data)).not.toContain('Boss');
    expect(stored!.data).toMatchObject({ rejected: 1, [SEALED_FIELD]: { key: importKeyName('imp-1') } });
    expect((await store.readStream(STREAM))[0]!.data).toEqual(batch(4, rejected).data);

    await store.append([{ stream: STREAM, expected: 0n, events: [erasure] }]);
    expect((await inner.dataKeys().find(ACCOUNT, [importKeyName('imp-1')])).get(importKeyName('imp-1'))).toBeNull();
    for (const reader of [store, sealPersonalData(inner)]) {
      const [opened] = await reader.readStream(STREAM);
      expect(opened!.data).toMatchObject({ rejected: 1, errors: [], erased: true });
    }
  });

  it('seals nothing (and makes no key) for a batch that rejected no row', async () => {
    const inner = new MemoryEventStore();
    const store = sealPersonalData(inner);
    await store.append([{ stream: STREAM, expected: 'no_stream', events: [batch(4, [])] }]);
    expect((await inner.readStream(STREAM))[0]!.data).toEqual(batch(4, []).data);
    expect((await inner.dataKeys().find(ACCOUNT, [importKeyName('imp-1')])).size).toBe(0);
  });
});
