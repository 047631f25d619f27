import { ProjectionSpec, recorded } from '../../testing/projection-spec';
import { associationsUsing, labelUsageKey, labelUsageProjection } from './label-usage.projection';

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

  it('an account nobody used counts zero', () => expect(associationsUsing({}, [1000])).toBe(0));

  it('the same event twice changes nothing', async () => {
    const once = await (await ProjectionSpec.for(labelUsageProjection).given([deleted])).dump();
    const twice = await (await ProjectionSpec.for(labelUsageProjection).given([deleted, deleted])).dump();
    expect(twice).toBe(once);
  });
});
