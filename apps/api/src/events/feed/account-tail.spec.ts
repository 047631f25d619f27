import { randomUUID } from 'node:crypto';
import { MemoryEventStore } from '@app/event-store';
import { AccountTails, tailEntryMatches } from './account-tail';

const append = (store: MemoryEventStore, accountId: string, type = 'RecordArchived') => {
  const id = randomUUID();
  return store.append([
    {
      stream: `record-${accountId}.0-1.${id}`,
      expected: 'no_stream',
      events: [
        {
          id,
          type,
          data: { objectTypeId: '0-1', recordId: id, archivedBy: 'u', archivedAt: 't' },
          metadata: { accountId, actor: 'u', commandId: id, correlationId: id, causationId: id, schemaVersion: 1 },
        },
      ],
    },
  ]);
};

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('account tail', () => {
  it('holds the account events above its floor; when full, the floor moves past the oldest', async () => {
    const store = new MemoryEventStore();
    await append(store, 'a');
    const tails = new AccountTails(store, 3);
    const tail = await tails.acquire('a');
    const start = tail.floor;
    expect(start).toBe(await store.headPosition());
    for (let i = 0; i < 5; i++) {
      await append(store, 'a');
      await append(store, 'b');
    }
    await append(store, 'a', 'UniqueValueClaimed');
    await until(() => tail.after(tail.floor).length === 3 && tail.last === 11n + start);
    const log = (await store.readAll({ filter: { accountId: 'a' }, after: start })).map((e) => e.position);
    expect(tail.after(tail.floor).map((e) => e.event.position)).toEqual(log.slice(-3));
    expect(tail.floor).toBe(log.at(-4));
    // The internal event moves cursors but has no frame.
    const [last] = tail.after(log.at(-2)!);
    expect(last!.frame).toBeUndefined();
    expect(tailEntryMatches(last!, {})).toBe(false);
    expect(tailEntryMatches(tail.after(tail.floor)[0]!, {})).toBe(true);
    expect(tailEntryMatches(tail.after(tail.floor)[0]!, { types: new Set(['RecordCreated']) })).toBe(false);
    await tails.release('a', tail);
  });

  it('is shared while used, and a new one opens after the last user left', async () => {
    const store = new MemoryEventStore();
    const tails = new AccountTails(store, 10);
    const first = await tails.acquire('a');
    expect(await tails.acquire('a')).toBe(first);
    await tails.release('a', first);
    await tails.release('a', first);
    await append(store, 'a');
    const second = await tails.acquire('a');
    expect(second).not.toBe(first);
    expect(second.floor).toBe(await store.headPosition());
    await tails.closeAll();
  });

  it('wakes its connections once per flush window, with every append of the window', async () => {
    const store = new MemoryEventStore();
    const tails = new AccountTails(store, 100, undefined, 50);
    const tail = await tails.acquire('a');
    const start = tail.floor;
    const abort = new AbortController();
    const woken = tail.wait(start, 10_000, abort.signal);
    let wakes = 0;
    void woken.then(() => wakes++);
    const began = Date.now();
    for (let i = 0; i < 5; i++) await append(store, 'a');
    await woken;
    // One wake-up for the five appends, not before the window ended, and all five in the tail by then.
    expect(wakes).toBe(1);
    expect(Date.now() - began).toBeGreaterThanOrEqual(40);
    expect(tail.after(start)).toHaveLength(5);
    await tails.closeAll();
  });
});
