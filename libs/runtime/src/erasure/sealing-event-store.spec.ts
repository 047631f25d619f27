import { MemoryDataKeyStore, MemoryEventStore, deterministicEventId, type NewEvent } from '@app/event-store';
import type { RecordedEvent } from '@app/event-store';
import { PERSONAL_DATA_POLICY, sealPersonalData } from './open-event-store';
import { SEALED_FIELD, SealedDataError, SealingEventStore } from './sealing-event-store';

const ACCOUNT = '1';
const metadata = (commandId = 'c-1') => ({
  accountId: ACCOUNT,
  actor: 'u-1',
  commandId,
  correlationId: 'k-1',
  causationId: 'k-1',
  schemaVersion: 1,
});
const STREAM = 'record-1.0-1.7';
const created = (recordId = '7'): NewEvent => ({
  id: deterministicEventId('create', recordId),
  type: 'RecordCreated',
  data: {
    objectTypeId: '0-1',
    recordId,
    properties: { email: 'ada@example.com', firstname: 'Ada' },
    createdBy: 'u-1',
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  metadata: metadata(),
});
const updated: NewEvent = {
  id: deterministicEventId('update', '7'),
  type: 'RecordUpdated',
  data: {
    objectTypeId: '0-1',
    recordId: '7',
    changes: { firstname: { before: 'Ada', after: 'Augusta' } },
    changedBy: 'u-1',
    changedAt: '2026-01-02T00:00:00.000Z',
  },
  metadata: metadata(),
};
const linked: NewEvent = {
  id: deterministicEventId('link', '7'),
  type: 'AssociationCreated',
  data: { fromObjectId: '7', toObjectId: '9' },
  metadata: metadata(),
};
const erasure = (recordId = '7'): NewEvent[] => [
  {
    id: deterministicEventId('archive', recordId),
    type: 'RecordArchived',
    data: { objectTypeId: '0-1', recordId, archivedBy: 'u-2', archivedAt: '2026-01-03T00:00:00.000Z' },
    metadata: metadata('c-2'),
  },
  {
    id: deterministicEventId('erase', recordId),
    type: 'RecordErased',
    data: { objectTypeId: '0-1', recordId, erasedBy: 'u-2', erasedAt: '2026-01-03T00:00:00.000Z', reason: 'DSR-1' },
    metadata: metadata('c-2'),
  },
];

function setup() {
  const inner = new MemoryEventStore();
  const store = sealPersonalData(inner);
  return { inner, store };
}

const obj = (data: unknown) => data as Record<string, unknown>;
const raw = (events: readonly RecordedEvent[]) => JSON.stringify(events.map((e) => e.data));
const dataOf = (events: readonly RecordedEvent[]) => events.map((e) => e.data);

async function collect(store: SealingEventStore | ReturnType<typeof sealPersonalData>, count: number) {
  const subscription = store.subscribeToAll();
  const seen: RecordedEvent[] = [];
  for await (const event of subscription) {
    seen.push(event);
    if (seen.length === count) break;
  }
  await subscription.close();
  return seen;
}

describe('SealingEventStore (crypto-shredding at the port)', () => {
  it('keeps personal fields sealed at rest and opens them on every read path', async () => {
    const { inner, store } = setup();
    await store.append([{ stream: STREAM, expected: 'no_stream', events: [created(), updated, linked] }]);

    const stored = await inner.readStream(STREAM);
    expect(raw(stored)).not.toMatch(/ada@example\.com|Ada|Augusta/);
    expect(stored[0]!.data).toEqual(expect.objectContaining({ [SEALED_FIELD]: expect.any(Object), recordId: '7' }));
    expect(stored[0]!.data).not.toHaveProperty('properties');
    expect(stored[2]!.data).toEqual(linked.data);

    const plain = [created().data, updated.data, linked.data];
    expect(dataOf(await store.readStream(STREAM))).toEqual(plain);
    expect(dataOf(await store.readAll())).toEqual(plain);
    expect(dataOf(await collect(store, 3))).toEqual(plain);
    const pages = store.subscribeToAll().pages!();
    const first = await pages[Symbol.asyncIterator]().next();
    expect(dataOf(first.value as RecordedEvent[])).toEqual(plain);
  });

  it('seals deterministically: a retried append (same ids, same data) stays idempotent', async () => {
    const { store } = setup();
    const write = { stream: STREAM, expected: 'no_stream' as const, events: [created(), updated] };
    const first = await store.append([write]);
    await expect(store.append([write])).resolves.toEqual(first);
  });

  it('gives each record its own key: two records with the same values seal differently', async () => {
    const { inner, store } = setup();
    await store.append([{ stream: STREAM, expected: 'any', events: [created('7')] }]);
    await store.append([{ stream: 'record-1.0-1.8', expected: 'any', events: [created('8')] }]);
    const [a, b] = (await inner.readAll()).map((e) => (e.data as Record<string, { box: string }>)[SEALED_FIELD]!.box);
    expect(a).not.toBe(b);
  });

  it('once RecordErased is stored, the record reads as erased everywhere; other records are untouched', async () => {
    const { inner, store } = setup();
    await store.append([{ stream: STREAM, expected: 'no_stream', events: [created(), updated] }]);
    await store.append([{ stream: 'record-1.0-1.8', expected: 'no_stream', events: [created('8')] }]);
    await store.append([{ stream: STREAM, expected: 1n, events: erasure() }]);

    const erased = [
      { ...obj(created().data), properties: {}, erased: true },
      { ...obj(updated.data), changes: {}, erased: true },
    ];
    expect(dataOf(await store.readStream(STREAM)).slice(0, 2)).toEqual(erased);
    expect(dataOf(await store.readAll()).filter((d) => (d as { recordId: string }).recordId === '7')).toEqual([
      ...erased,
      erasure()[0]!.data,
      erasure()[1]!.data,
    ]);
    const ofSeven = (events: RecordedEvent[]) => events.filter((e) => e.streamName === STREAM).slice(0, 2);
    expect(dataOf(ofSeven(await collect(store, 5)))).toEqual(erased);
    expect(raw(ofSeven(await store.readAll()))).not.toMatch(/Ada|Augusta/);
    expect((await store.readStream('record-1.0-1.8'))[0]!.data).toEqual(created('8').data);

    // A fresh process (new decorator, same stores) cannot read it either: the key itself is gone.
    const fresh = new SealingEventStore(inner, inner.dataKeys(), PERSONAL_DATA_POLICY);
    expect(dataOf(await fresh.readStream(STREAM)).slice(0, 2)).toEqual(erased);
    expect((await inner.dataKeys().find(ACCOUNT, ['record.0-1.7'])).get('record.0-1.7')).toBeNull();
  });

  it('stores personal data written after the erasure without any ciphertext', async () => {
    const { inner, store } = setup();
    await store.append([{ stream: STREAM, expected: 'no_stream', events: [created(), ...erasure()] }]);
    const late: NewEvent = {
      id: deterministicEventId('late'),
      type: 'UniqueValueReleased',
      data: {
        objectTypeId: '0-1',
        property: 'email',
        value: 'ada@example.com',
        valueKey: 'ab'.repeat(32),
        recordId: '7',
      },
      metadata: metadata('c-3'),
    };
    await store.append([{ stream: 'unique-1.0-1.email.x', expected: 'any', events: [late] }]);
    const [stored] = await inner.readStream('unique-1.0-1.email.x');
    expect(stored!.data).toEqual({ ...obj(late.data), value: '', erased: true });
  });

  it('another process stops opening an erased record when it reads the erasure, and within the key TTL at most', async () => {
    const inner = new MemoryEventStore();
    const keys = inner.dataKeys();
    let now = 0;
    const eraser = new SealingEventStore(inner, keys, PERSONAL_DATA_POLICY);
    const other = new SealingEventStore(inner, keys, PERSONAL_DATA_POLICY, { keyCacheTtlMs: 1000, clock: () => now });
    await eraser.append([{ stream: STREAM, expected: 'no_stream', events: [created()] }]);
    expect((await other.readStream(STREAM))[0]!.data).toEqual(created().data); // other caches the key
    await eraser.append([{ stream: STREAM, expected: 0n, events: erasure() }]);

    // Reading the log (as its projections do) shows it the erasure, which ends its use of the cached key at once.
    expect((await other.readAll())[0]!.data).toEqual(expect.objectContaining({ erased: true, properties: {} }));

    // Without reading the erasure, a cached key expires after the TTL.
    const third = new SealingEventStore(inner, keys, PERSONAL_DATA_POLICY, { keyCacheTtlMs: 1000, clock: () => now });
    await eraser.append([{ stream: 'record-1.0-1.8', expected: 'no_stream', events: [created('8')] }]);
    expect((await third.readStream('record-1.0-1.8'))[0]!.data).toEqual(created('8').data);
    await eraser.append([{ stream: 'record-1.0-1.8', expected: 0n, events: erasure('8') }]);
    now += 1001;
    expect((await third.readStream('record-1.0-1.8', { maxCount: 1 }))[0]!.data).toEqual(
      expect.objectContaining({ erased: true, properties: {} }),
    );
  });

  it('refuses to open a sealed box that was tampered with', async () => {
    const { inner, store } = setup();
    await store.append([{ stream: STREAM, expected: 'no_stream', events: [created()] }]);
    const [stored] = await inner.readStream(STREAM);
    const sealed = (stored!.data as Record<string, { key: string; box: string }>)[SEALED_FIELD]!;
    const box = Buffer.from(sealed.box, 'base64');
    box[box.length - 1] ^= 1;
    const forged = new MemoryEventStore();
    await forged.append([
      {
        stream: STREAM,
        expected: 'no_stream',
        events: [
          { ...created(), data: { ...obj(stored!.data), [SEALED_FIELD]: { ...sealed, box: box.toString('base64') } } },
        ],
      },
    ]);
    const reader = new SealingEventStore(forged, inner.dataKeys(), PERSONAL_DATA_POLICY);
    await expect(reader.readStream(STREAM)).rejects.toThrow(SealedDataError);
  });

  it('passes events stored before sealing existed through unchanged', async () => {
    const { inner, store } = setup();
    await inner.append([{ stream: STREAM, expected: 'no_stream', events: [created()] }]);
    expect((await store.readStream(STREAM))[0]!.data).toEqual(created().data);
  });

  it('is not applied twice, and needs a key store', () => {
    const { store } = setup();
    expect(sealPersonalData(store)).toBe(store);
    const keyless = new MemoryEventStore();
    (keyless as { dataKeys?: unknown }).dataKeys = undefined;
    expect(() => sealPersonalData(keyless)).toThrow(/keeps no data keys/);
    expect(() => sealPersonalData(keyless, new MemoryDataKeyStore())).not.toThrow();
  });
});
