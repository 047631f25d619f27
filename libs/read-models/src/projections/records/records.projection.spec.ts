import type { RecordedEvent } from '@app/event-store';
import { ProjectionSpec, recorded } from '../../../testing/projection-spec';
import { recordsProjection, uniqueValuesKey } from './records.projection';
import { readRecord, readRecordsPage, recordIdByUniqueValue } from './records.view';

const at = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const metadata = (accountId: string) => ({
  accountId,
  actor: 'u-1',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  schemaVersion: 1,
});
const event = (type: string, data: Record<string, unknown>, accountId = '1') =>
  recorded({ type, data, metadata: metadata(accountId), streamName: `record-${accountId}.0-1.x` });
const created = (recordId: string, properties: Record<string, string>, accountId = '1') =>
  event('RecordCreated', { objectTypeId: '0-1', recordId, properties, createdBy: 'u-1', createdAt: at(0) }, accountId);
const VALUE_KEY = 'ad'.repeat(32);
const claim = { objectTypeId: '0-1', property: 'email', value: 'ada@example.com', valueKey: VALUE_KEY, recordId: '7' };

function story(): RecordedEvent[] {
  return [
    created('7', { email: 'ada@example.com', firstname: 'Ada' }),
    event('UniqueValueClaimed', { ...claim, claimedAt: at(0) }),
    created('12', { firstname: 'Bo' }),
    event('RecordUpdated', {
      objectTypeId: '0-1',
      recordId: '7',
      changes: { firstname: { before: 'Ada', after: null }, city: { before: null, after: 'Oslo' } },
      changedBy: 'u-1',
      changedAt: at(5),
    }),
    created('3', { firstname: 'Cy' }),
    event('RecordArchived', { objectTypeId: '0-1', recordId: '12', archivedBy: 'u-1', archivedAt: at(9) }),
  ];
}

const given = (events: readonly RecordedEvent[]) => ProjectionSpec.for(recordsProjection).given(events);

describe('records projection', () => {
  it('keeps each record with its current properties and times', async () => {
    const spec = await given(story());
    expect(await readRecord(spec.store, spec.ns, '1', '0-1', '7')).toEqual({
      id: '7',
      properties: { email: 'ada@example.com', city: 'Oslo' },
      createdAt: at(0),
      updatedAt: at(5),
      archived: false,
    });
    expect(await readRecord(spec.store, spec.ns, '1', '0-1', '99')).toBeUndefined();
  });

  it('keeps an archived record, marked, out of the live list and in the archived one', async () => {
    const spec = await given(story());
    expect(await readRecord(spec.store, spec.ns, '1', '0-1', '12')).toMatchObject({
      archived: true,
      archivedAt: at(9),
      updatedAt: at(9),
    });
    const live = await readRecordsPage(spec.store, spec.ns, '1', '0-1');
    expect(live.results.map((r) => r.id)).toEqual(['3', '7']);
    const archived = await readRecordsPage(spec.store, spec.ns, '1', '0-1', { archived: true });
    expect(archived.results.map((r) => r.id)).toEqual(['12']);
  });

  it('pages by numeric id, with next only when there is more', async () => {
    const events = ['1', '2', '10', '11', '100'].map((id) => created(id, { n: id }));
    const spec = await given(events);
    const first = await readRecordsPage(spec.store, spec.ns, '1', '0-1', { limit: 2 });
    expect(first).toMatchObject({ results: [{ id: '1' }, { id: '2' }], paging: { next: { after: '10' } } });
    const second = await readRecordsPage(spec.store, spec.ns, '1', '0-1', { limit: 2, after: 10 });
    expect(second.results.map((r) => r.id)).toEqual(['10', '11']);
    const last = await readRecordsPage(spec.store, spec.ns, '1', '0-1', { limit: 2, after: 100 });
    expect(last).toEqual({ results: [expect.objectContaining({ id: '100' })] });
  });

  it('finds a record by its claimed unique value (keyed hash, never the value) until the claim is released', async () => {
    const spec = await given(story());
    expect(await recordIdByUniqueValue(spec.store, spec.ns, '1', '0-1', 'email', VALUE_KEY)).toBe('7');
    expect(await spec.dump()).not.toContain('ada@example.com"');
    const released = event('UniqueValueReleased', { ...claim, releasedAt: at(10) });
    await spec.given([released]);
    expect(await spec.hgetall(uniqueValuesKey('1', '0-1', 'email'))).toEqual({});
  });

  it('drops an erased record from every read: its properties, its id in either list', async () => {
    const spec = await given([
      ...story(),
      event('RecordArchived', { objectTypeId: '0-1', recordId: '7', archivedBy: 'u-9', archivedAt: at(11) }),
      event('RecordErased', {
        objectTypeId: '0-1',
        recordId: '7',
        erasedBy: 'u-9',
        erasedAt: at(11),
        reason: 'ticket',
      }),
    ]);
    expect(await readRecord(spec.store, spec.ns, '1', '0-1', '7')).toBeUndefined();
    expect(
      (await readRecordsPage(spec.store, spec.ns, '1', '0-1', { archived: true })).results.map((r) => r.id),
    ).toEqual(['12']);
    expect(await spec.dump()).not.toContain('Oslo');
  });

  it('keeps accounts apart', async () => {
    const spec = await given([...story(), created('7', { firstname: 'Other' }, '2')]);
    expect((await readRecord(spec.store, spec.ns, '2', '0-1', '7'))?.properties).toEqual({ firstname: 'Other' });
    expect((await readRecordsPage(spec.store, spec.ns, '2', '0-1')).results).toHaveLength(1);
    expect((await readRecord(spec.store, spec.ns, '1', '0-1', '7'))?.properties.email).toBe('ada@example.com');
  });

  it('the same event twice changes nothing', async () => {
    const events = story();
    const once = await (await given(events)).dump();
    const twice = await (await given([...events, ...events])).dump();
    expect(twice).toBe(once);
  });
});
