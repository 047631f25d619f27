import { ProjectionSpec, recorded } from '../../testing/projection-spec';
import { accountStatsKey, accountStatsProjection, toAccountStats } from './account-stats.projection';

describe('account-stats projection', () => {
  it('counts events per account and type and remembers the last one', async () => {
    const events = [
      recorded({ type: 'LabelCreated', accountId: '1' }),
      recorded({ type: 'LabelCreated', accountId: '2' }),
      recorded({ type: 'AssociationLabeled', accountId: '1' }),
    ];
    const spec = await ProjectionSpec.for(accountStatsProjection).given(events);
    expect(toAccountStats('1', await spec.hgetall(accountStatsKey('1')))).toEqual({
      accountId: '1',
      events: 2,
      lastPosition: events[2]!.position.toString(),
      lastEventAt: events[2]!.recordedAt,
      byType: { LabelCreated: 1, AssociationLabeled: 1 },
    });
    expect(toAccountStats('2', await spec.hgetall(accountStatsKey('2'))).events).toBe(1);
  });

  it('an account without events has zero stats', () => {
    expect(toAccountStats('9', {})).toEqual({
      accountId: '9',
      events: 0,
      lastPosition: null,
      lastEventAt: null,
      byType: {},
    });
  });

  it('the same event twice changes nothing', async () => {
    const events = [recorded({ type: 'LabelCreated' }), recorded({ type: 'LabelRenamed' })];
    const once = await (await ProjectionSpec.for(accountStatsProjection).given(events)).dump();
    const twice = await (await ProjectionSpec.for(accountStatsProjection).given([...events, ...events])).dump();
    expect(twice).toBe(once);
  });
});
