import { fold, linksFold, linksStream, type LinksState } from '@app/domain';
import { MemoryEventStore, type NewEvent } from '@app/event-store';
import { anEvent } from '@app/event-store-testing';
import { SNAPSHOT_AFTER_EVENTS, SNAPSHOT_EVERY_REVISIONS, StreamLoader, type StreamFold } from './stream-loader';

const ACCOUNT = 'acc_1';
const HUB = linksStream(ACCOUNT, '0-2', '7');
const SNAPSHOT = `links@${linksFold.snapshot.version}`;
const links: StreamFold<LinksState> = {
  name: linksFold.name,
  initialState: linksFold.initialState,
  evolve: (state, event) => linksFold.evolve(state, event as Parameters<typeof linksFold.evolve>[1]),
  snapshot: linksFold.snapshot,
};

/** `count` contacts associated with the hub company, from contact `first` on, every third one labeled as well. */
function associations(first: number, count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) =>
    anEvent(ACCOUNT, 'AssociationLabeled', {
      objectTypeId: '0-2',
      recordId: '7',
      toObjectTypeId: '0-1',
      toRecordId: String(first + i),
      typeIds: (first + i) % 3 === 0 ? [280, 1001] : [280],
      created: true,
      changedBy: 'user-1',
      changedAt: '2026-12-01T00:00:00.000Z',
    }),
  );
}

async function appendTo(store: MemoryEventStore, events: NewEvent[]): Promise<void> {
  const revision = await store.streamRevision(HUB);
  await store.append([{ stream: HUB, expected: revision ?? 'no_stream', events }]);
}

async function wholeFold(store: MemoryEventStore): Promise<LinksState> {
  return fold(linksFold, (await store.readStream(HUB)) as never);
}

describe('StreamLoader snapshots (ADR 0006 §10)', () => {
  let store: MemoryEventStore;
  beforeEach(() => (store = new MemoryEventStore()));
  afterEach(() => store.close());

  it('keeps a snapshot once a load folded enough events, and a cold loader then reads only the events after it', async () => {
    await appendTo(store, associations(100, 40));
    const first = await new StreamLoader(store).load(HUB, links);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(store.snapshots().read(HUB, SNAPSHOT)).resolves.toMatchObject({ revision: 39n });

    await appendTo(store, associations(500, 5));
    const readStream = jest.spyOn(store, 'readStream');
    const cold = await new StreamLoader(store).load(HUB, links);
    expect(readStream).toHaveBeenCalledTimes(1);
    expect(readStream).toHaveBeenCalledWith(HUB, { fromRevision: 40n });
    expect(cold.revision).toBe(44n);
    const whole = await wholeFold(store);
    expect(cold.state.links.toJS()).toEqual(whole.links.toJS());
    expect(cold.state.counts.toJS()).toEqual(whole.counts.toJS());
    expect(cold.state.counts.get(280)).toBe(45);
    expect(first.state.links.size).toBe(40);
    // Five events folded: fewer than the threshold, so the snapshot stays where it was.
    await new Promise((resolve) => setImmediate(resolve));
    await expect(store.snapshots().read(HUB, SNAPSHOT)).resolves.toMatchObject({ revision: 39n });
  });

  it(`keeps none for a short stream (fewer than ${SNAPSHOT_AFTER_EVENTS} events) or for a fold without an encoding`, async () => {
    await appendTo(store, associations(100, SNAPSHOT_AFTER_EVENTS - 1));
    await new StreamLoader(store).load(HUB, links);
    await appendTo(store, associations(200, SNAPSHOT_AFTER_EVENTS));
    await new StreamLoader(store).load(HUB, { ...links, snapshot: undefined });
    await new Promise((resolve) => setImmediate(resolve));
    await expect(store.snapshots().read(HUB, SNAPSHOT)).resolves.toBeUndefined();
  });

  it(`keeps a snapshot of a stream that stays cached each time its appends cross ${SNAPSHOT_EVERY_REVISIONS} revisions`, async () => {
    const loader = new StreamLoader(store);
    await loader.load(HUB, links); // cached while empty; from here on only this process's appends move it
    const every = Number(SNAPSHOT_EVERY_REVISIONS);
    let next = 0;
    const appendThrough = async (count: number) => {
      const expected = next === 0 ? ('no_stream' as const) : BigInt(next - 1);
      const writes = [{ stream: HUB, expected, events: associations(1000 + next, count) }];
      loader.appended(writes, await store.append(writes));
      next += count;
      await new Promise((resolve) => setImmediate(resolve));
    };
    await appendThrough(every - 10);
    await expect(store.snapshots().read(HUB, SNAPSHOT)).resolves.toBeUndefined();
    await appendThrough(25); // revisions 990..1014: across 1,000
    await expect(store.snapshots().read(HUB, SNAPSHOT)).resolves.toMatchObject({ revision: BigInt(every + 14) });
    await appendThrough(5);
    await expect(store.snapshots().read(HUB, SNAPSHOT)).resolves.toMatchObject({ revision: BigInt(every + 14) });

    const readStream = jest.spyOn(store, 'readStream');
    const restarted = await new StreamLoader(store).load(HUB, links);
    expect(readStream).toHaveBeenCalledWith(HUB, { fromRevision: BigInt(every + 15) });
    expect(restarted.revision).toBe(BigInt(every + 19));
    expect(restarted.state.links.toJS()).toEqual((await wholeFold(store)).links.toJS());
  });

  it('folds the stream from its start when the kept snapshot cannot be read', async () => {
    await appendTo(store, associations(100, 20));
    await store.snapshots().write(HUB, SNAPSHOT, { revision: 15n, state: '{"links":"not this"}' });
    const readStream = jest.spyOn(store, 'readStream');
    const loaded = await new StreamLoader(store).load(HUB, links);
    expect(readStream).toHaveBeenCalledWith(HUB, { fromRevision: 0n });
    expect(loaded.state.links.toJS()).toEqual((await wholeFold(store)).links.toJS());
    // It folded 20 events, so it replaced the unreadable snapshot with one at revision 19.
    await new Promise((resolve) => setImmediate(resolve));
    await expect(store.snapshots().read(HUB, SNAPSHOT)).resolves.toMatchObject({ revision: 19n });
  });

  it('loads as before from a store that keeps no snapshots', async () => {
    await appendTo(store, associations(100, 20));
    const keepsNone = Object.assign(Object.create(store) as MemoryEventStore, { snapshots: undefined });
    const loaded = await new StreamLoader(keepsNone).load(HUB, links);
    expect(loaded.revision).toBe(19n);
    expect(loaded.state.links.toJS()).toEqual((await wholeFold(store)).links.toJS());
    await expect(store.snapshots().read(HUB, SNAPSHOT)).resolves.toBeUndefined();
  });
});
