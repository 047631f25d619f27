import { ProjectionSpec, recorded } from '../../testing/projection-spec';
import {
  associationsUsing,
  labelUsageDaysKey,
  labelUsageKey,
  labelUsageProjection,
  usageTimeline,
} from './label-usage.projection';

describe('label-usage projection', () => {
  const deleted = recorded({ type: 'LabelDeleted', accountId: '4', data: { labelId: 'l', typeIds: [1000, 1001] } });

  it('drops the counters of a deleted label and leaves others', async () => {
    const spec = ProjectionSpec.for(labelUsageProjection);
    const key = labelUsageKey('4');
    const ops = [1000, 1001, 1002].map((typeId) => ({ op: 'hincrby' as const, key, field: `${typeId}`, by: 2 }));
    await spec.store.apply({ ns: spec.ns, events: [{ position: 0n, ops }], checkpoint: 0n });
    await spec.given([deleted]);
    const hash = await spec.hgetall(key);
    expect(associationsUsing(hash, [1000, 1001])).toBe(0);
    expect(associationsUsing(hash, [1002])).toBe(2);
  });

  const link = (type: string, from: string, to: string, typeIds: number[], changedAt = '2026-01-01T00:00:00.000Z') =>
    recorded({
      type,
      accountId: '4',
      data: {
        objectTypeId: from.split(':')[0],
        recordId: from.split(':')[1],
        toObjectTypeId: to.split(':')[0],
        toRecordId: to.split(':')[1],
        typeIds,
        changedBy: 'u',
        changedAt,
      },
    });

  it('counts each association once per label, from one side only, down again when removed', async () => {
    const spec = await ProjectionSpec.for(labelUsageProjection).given([
      // One association written on both sides: contact 0-1:5 (counted) and company 0-2:9 (not).
      link('AssociationLabeled', '0-1:5', '0-2:9', [279, 1000]),
      link('AssociationLabeled', '0-2:9', '0-1:5', [280, 1001]),
      link('AssociationLabeled', '0-1:6', '0-2:9', [279, 1000]),
      link('AssociationLabeled', '0-2:9', '0-1:6', [280, 1001]),
    ]);
    const key = labelUsageKey('4');
    expect(associationsUsing(await spec.hgetall(key), [1000, 1001])).toBe(2);
    await spec.given([
      link('AssociationUnlabeled', '0-2:9', '0-1:5', [1001]),
      link('AssociationUnlabeled', '0-1:5', '0-2:9', [1000]),
      link('AssociationRemoved', '0-1:6', '0-2:9', [279, 1000]),
      link('AssociationRemoved', '0-2:9', '0-1:6', [280, 1001]),
    ]);
    const hash = await spec.hgetall(key);
    expect(associationsUsing(hash, [1000, 1001])).toBe(0);
    expect(associationsUsing(hash, [279, 280])).toBe(1);
  });

  it('keeps the uses per day of each typeId, counted once, and sums them into a timeline with running totals', async () => {
    const day = (d: number) => `2026-03-0${d}T12:00:00.000Z`;
    const spec = await ProjectionSpec.for(labelUsageProjection).given([
      link('AssociationLabeled', '0-1:5', '0-2:9', [1000], day(1)),
      link('AssociationLabeled', '0-2:9', '0-1:5', [1001], day(1)),
      link('AssociationLabeled', '0-1:6', '0-2:7', [1000], day(1)),
      link('AssociationLabeled', '0-1:8', '0-2:9', [1000], day(3)),
      link('AssociationUnlabeled', '0-1:5', '0-2:9', [1000], day(3)),
      link('AssociationRemoved', '0-2:7', '0-1:6', [1001], day(4)), // not the counted side
      link('AssociationRemoved', '0-1:6', '0-2:7', [1000], day(4)),
      deleted,
    ]);
    const hashes = await Promise.all([1000, 1001].map((t) => spec.hgetall(labelUsageDaysKey('4', t))));
    expect(usageTimeline(hashes)).toEqual([
      { date: '2026-03-01', added: 2, removed: 0, total: 2 },
      { date: '2026-03-03', added: 1, removed: 1, total: 2 },
      { date: '2026-03-04', added: 0, removed: 1, total: 1 },
    ]);
    expect(usageTimeline(hashes, '2026-03-02', '2026-03-03')).toEqual([
      { date: '2026-03-03', added: 1, removed: 1, total: 2 },
    ]);
  });

  it('an account nobody used counts zero', () => expect(associationsUsing({}, [1000])).toBe(0));

  it('the same event twice changes nothing', async () => {
    const once = await (await ProjectionSpec.for(labelUsageProjection).given([deleted])).dump();
    const twice = await (await ProjectionSpec.for(labelUsageProjection).given([deleted, deleted])).dump();
    expect(twice).toBe(once);
  });
});
