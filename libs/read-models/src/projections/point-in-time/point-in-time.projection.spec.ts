import { ProjectionSpec, recorded } from '../../../testing/projection-spec';
import type { RecordedEvent } from '@app/event-store';
import { pointInTimeProjection } from './point-in-time.projection';
import { positionAtTime, readAssociationsPageAt, readPairLabelsAt } from './point-in-time.view';

const by = { changedBy: 'u-1', changedAt: '2026-01-01T10:00:00.000Z' };
const link = (type: string, toId: string, typeIds: number[], extra = {}) =>
  recorded({
    type,
    accountId: '1',
    data: { objectTypeId: '0-1', recordId: '1', toObjectTypeId: '0-2', toRecordId: toId, typeIds, ...by, ...extra },
  });
const created = (toId: string, typeIds: number[]) => link('AssociationLabeled', toId, typeIds, { created: true });
const labeled = (toId: string, typeIds: number[]) => link('AssociationLabeled', toId, typeIds, { created: false });
const unlabeled = (toId: string, typeIds: number[]) => link('AssociationUnlabeled', toId, typeIds);
const removed = (toId: string, typeIds: number[]) => link('AssociationRemoved', toId, typeIds, { reason: 'API' });

const labelCreated = (labelId: string, typeId: number, label: string, inverseLabel: string | null = null) =>
  recorded({
    type: 'LabelCreated',
    accountId: '1',
    data: {
      labelId,
      category: 'USER_DEFINED',
      fromObjectTypeId: '0-1',
      toObjectTypeId: '0-2',
      shape: inverseLabel === null ? 'single' : 'paired',
      typeId,
      inverseTypeId: typeId + 1,
      name: labelId,
      inverseName: inverseLabel === null ? null : `${labelId}_inverse`,
      createdBy: 'admin',
      createdAt: '2026-01-01T10:00:00.000Z',
      label,
      inverseLabel,
      warnings: [],
    },
  });

const at = (event: RecordedEvent) => event.position;

describe('point-in-time projection', () => {
  const page = (spec: ProjectionSpec, position: bigint, options: { after?: number; limit?: number } = {}) =>
    readAssociationsPageAt(spec.store, spec.ns, '1', '0-1', '1', '0-2', position, options);

  describe('when a record gains, relabels and loses associations', () => {
    const events = [
      created('20', [279]),
      created('3', [279, 1000]),
      labeled('3', [1]),
      unlabeled('3', [1000]),
      removed('20', [279]),
      created('20', [279, 1002]),
    ];
    let spec: ProjectionSpec;
    beforeAll(async () => {
      spec = await ProjectionSpec.for(pointInTimeProjection).given(events);
    });

    it('answers each position with the pairs and typeIds of that moment, in id order', async () => {
      const [c20, c3, l3, u3, r20, again20] = events.map(at);
      expect(await page(spec, c20! - 1n)).toEqual({ results: [] });
      expect(await page(spec, c20!)).toEqual({ results: [{ toObjectId: '20', typeIds: [279] }] });
      expect(await page(spec, c3!)).toEqual({
        results: [
          { toObjectId: '3', typeIds: [279, 1000] },
          { toObjectId: '20', typeIds: [279] },
        ],
      });
      expect((await page(spec, l3!)).results[0]).toEqual({ toObjectId: '3', typeIds: [1, 279, 1000] });
      expect((await page(spec, u3!)).results[0]).toEqual({ toObjectId: '3', typeIds: [1, 279] });
      expect(await page(spec, r20!)).toEqual({ results: [{ toObjectId: '3', typeIds: [1, 279] }] });
      expect((await page(spec, again20!)).results[1]).toEqual({ toObjectId: '20', typeIds: [279, 1002] });
    });

    it('pages like the live page: `after` is the first id of the next page', async () => {
      const last = at(events[5]!);
      expect(await page(spec, last, { limit: 1 })).toEqual({
        results: [{ toObjectId: '3', typeIds: [1, 279] }],
        paging: { next: { after: '20' } },
      });
      expect(await page(spec, last, { after: 20, limit: 1 })).toEqual({
        results: [{ toObjectId: '20', typeIds: [279, 1002] }],
      });
    });
  });

  it('skips counterparts that were associated only at other times, across chunk boundaries', async () => {
    const events: RecordedEvent[] = [];
    for (let id = 1; id <= 150; id++) events.push(created(String(id), [279]));
    for (let id = 1; id <= 150; id++) if (id % 10 !== 0) events.push(removed(String(id), [279]));
    const spec = await ProjectionSpec.for(pointInTimeProjection).given(events);
    const now = at(events[events.length - 1]!);
    const first = await page(spec, now, { limit: 5 });
    expect(first.results.map((r) => r.toObjectId)).toEqual(['10', '20', '30', '40', '50']);
    expect(first.paging).toEqual({ next: { after: '60' } });
    const whenAll = at(events[149]!);
    expect((await page(spec, whenAll, { after: 140, limit: 100 })).results).toHaveLength(11);
  });

  it('keeps label definitions as they were: created, renamed, deleted', async () => {
    const manager = labelCreated('manager', 1000, 'Manager', 'Employee');
    const renamed = recorded({
      type: 'LabelRenamed',
      accountId: '1',
      data: {
        labelId: 'manager',
        ...by,
        before: { label: 'Manager', inverseLabel: 'Employee' },
        after: { label: 'Boss', inverseLabel: 'Staff' },
        warnings: [],
      },
    });
    const billing = labelCreated('billing', 1002, 'Billing');
    const deleted = recorded({
      type: 'LabelDeleted',
      accountId: '1',
      data: { labelId: 'manager', ...by, typeIds: [1000, 1001] },
    });
    const spec = await ProjectionSpec.for(pointInTimeProjection).given([manager, renamed, billing, deleted]);
    const texts = async (position: bigint) =>
      (await readPairLabelsAt(spec.store, spec.ns, '1', '0-2', '0-1', position)).map(
        (l) => `${l.forward.typeId}:${l.forward.label}/${l.inverse.label}`,
      );
    expect(await texts(at(manager) - 1n)).toEqual([]);
    expect(await texts(at(manager))).toEqual(['1000:Manager/Employee']);
    expect(await texts(at(renamed))).toEqual(['1000:Boss/Staff']);
    expect(await texts(at(billing))).toEqual(['1000:Boss/Staff', '1002:Billing/Billing']);
    expect(await texts(at(deleted))).toEqual(['1002:Billing/Billing']);
  });

  it('resolves a time to the last position recorded at or before it', async () => {
    const first = created('1', [279]);
    const second = created('2', [279]);
    const spec = await ProjectionSpec.for(pointInTimeProjection).given([first, second]);
    const time = (e: RecordedEvent) => Date.parse(e.recordedAt);
    expect(await positionAtTime(spec.store, spec.ns, '1', time(first) - 1)).toBe(0n);
    expect(await positionAtTime(spec.store, spec.ns, '1', time(first))).toBe(first.position);
    expect(await positionAtTime(spec.store, spec.ns, '1', time(second) - 1)).toBe(first.position);
    expect(await positionAtTime(spec.store, spec.ns, '1', time(second) + 60_000)).toBe(second.position);
    expect(await positionAtTime(spec.store, spec.ns, 'other', time(second))).toBe(0n);
  });

  it('keeps accounts apart', async () => {
    const other = recorded({
      type: 'AssociationLabeled',
      accountId: '2',
      data: {
        objectTypeId: '0-1',
        recordId: '1',
        toObjectTypeId: '0-2',
        toRecordId: '9',
        typeIds: [279],
        ...by,
        created: true,
      },
    });
    const spec = await ProjectionSpec.for(pointInTimeProjection).given([other]);
    expect(await page(spec, other.position)).toEqual({ results: [] });
  });

  it('the same event twice changes nothing', async () => {
    const events = [created('3', [279, 1000]), unlabeled('3', [1000]), labelCreated('m', 1000, 'Manager')];
    const once = await (await ProjectionSpec.for(pointInTimeProjection).given(events)).dump();
    const twice = await (await ProjectionSpec.for(pointInTimeProjection).given(events.flatMap((e) => [e, e]))).dump();
    expect(twice).toBe(once);
  });
});
