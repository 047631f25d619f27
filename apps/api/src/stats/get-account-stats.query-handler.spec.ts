import { MemoryEventStore } from '@app/event-store';
import { events } from '@app/event-store-testing';
import { MemoryReadModelStore, accountStatsProjection } from '@app/read-models';
import { GetAccountStatsQuery } from './get-account-stats.query';
import { GetAccountStatsQueryHandler } from './get-account-stats.query-handler';

describe('GetAccountStatsQueryHandler', () => {
  const project = async (readModels: MemoryReadModelStore, generation: number, accountId: string, count: number) => {
    const store = new MemoryEventStore();
    await store.append([{ stream: `thing-${accountId}.a`, expected: 'any', events: events(accountId, count) }]);
    const recorded = await store.readAll();
    await readModels.apply({
      ns: { projection: accountStatsProjection.name, generation },
      events: recorded.map((e) => ({ position: e.position, ops: accountStatsProjection.evolve(e) })),
      checkpoint: recorded[recorded.length - 1]!.position,
    });
  };

  it('reads the account from the active generation', async () => {
    const readModels = new MemoryReadModelStore();
    await project(readModels, 1, '3', 2);
    await project(readModels, 2, '3', 5);
    const handler = new GetAccountStatsQueryHandler(readModels);

    expect(await handler.execute(new GetAccountStatsQuery('3'))).toMatchObject({ events: 2, lastPosition: '2' });
    await readModels.setActiveGeneration(accountStatsProjection.name, 2);
    expect(await handler.execute(new GetAccountStatsQuery('3'))).toMatchObject({
      accountId: '3',
      events: 5,
      byType: { ThingHappened: 5 },
    });
  });

  it('shows an account without events as empty', async () => {
    const handler = new GetAccountStatsQueryHandler(new MemoryReadModelStore());
    expect(await handler.execute(new GetAccountStatsQuery('9'))).toEqual({
      accountId: '9',
      events: 0,
      lastPosition: null,
      lastEventAt: null,
      byType: {},
    });
  });
});
