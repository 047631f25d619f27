import type { RecordedEvent } from './event-store.port';
import { RecentEvents, SharedPages } from './recent-events';

const event = (position: number, type = 'Happened'): RecordedEvent => ({
  id: `e${position}`,
  type,
  data: { n: position },
  metadata: { accountId: 'a1' } as RecordedEvent['metadata'],
  streamName: 'thing-a1.1',
  revision: BigInt(position),
  position: BigInt(position),
  recordedAt: '2026-01-01T00:00:00.000Z',
});
const positions = (events: readonly RecordedEvent[]) => events.map((e) => Number(e.position));

describe('RecentEvents', () => {
  it('answers reads that start inside its run, filtered and bounded, with the position it read through', () => {
    const recent = new RecentEvents();
    recent.push([event(5), event(6, 'Other'), event(7)]);
    recent.push([event(8)]);
    expect(recent.after(4n, 10)).toEqual({ events: [event(5), event(6, 'Other'), event(7), event(8)], through: 8n });
    const filtered = recent.after(5n, 10, { eventTypes: ['Happened'] })!;
    expect([positions(filtered.events), filtered.through]).toEqual([[7, 8], 8n]);
    const bounded = recent.after(4n, 2)!;
    expect([positions(bounded.events), bounded.through]).toEqual([[5, 6], 6n]);
    expect(recent.after(8n, 10)).toEqual({ events: [], through: 8n });
    expect(recent.after(9n, 10)).toEqual({ events: [], through: 9n });
  });

  it('does not answer for positions before its run: the store must be read', () => {
    const recent = new RecentEvents();
    expect(recent.after(0n, 10)).toBeUndefined();
    recent.push([event(5)]);
    expect(recent.after(3n, 10)).toBeUndefined();
  });

  it("starts a new run when an append does not continue it (another process's events lie between)", () => {
    const recent = new RecentEvents();
    recent.push([event(5), event(6)]);
    recent.push([event(9)]);
    expect(recent.after(5n, 10)).toBeUndefined();
    expect(positions(recent.after(8n, 10)!.events)).toEqual([9]);
  });

  it('keeps at most its capacity, forgetting the oldest', () => {
    const recent = new RecentEvents(3);
    for (let p = 1; p <= 10; p++) recent.push([event(p)]);
    expect(recent.after(6n, 10)).toBeUndefined();
    expect(positions(recent.after(7n, 10)!.events)).toEqual([8, 9, 10]);
  });

  it('freezes what it shares between readers', () => {
    const recent = new RecentEvents();
    recent.push([event(1)]);
    const [shared] = recent.after(0n, 1)!.events;
    expect(() => {
      (shared!.data as { n: number }).n = 2;
    }).toThrow(TypeError);
  });
});

describe('SharedPages', () => {
  it('keeps full pages only, frozen, and hands each reader its own array', () => {
    const pages = new SharedPages(2);
    pages.put(0n, 2, [event(1), event(2)]);
    pages.put(2n, 2, [event(3)]); // short: the page may still grow
    expect(pages.get(2n, 2)).toBeUndefined();
    const first = pages.get(0n, 2)!;
    expect(positions(first)).toEqual([1, 2]);
    expect(Object.isFrozen(first[0]!.data)).toBe(true);
    first.pop();
    expect(positions(pages.get(0n, 2)!)).toEqual([1, 2]);
    expect(pages.get(0n, 3)).toBeUndefined(); // another page size is another page
  });

  it('forgets the oldest page beyond its capacity', () => {
    const pages = new SharedPages(2);
    pages.put(0n, 1, [event(1)]);
    pages.put(1n, 1, [event(2)]);
    pages.put(2n, 1, [event(3)]);
    expect(pages.get(0n, 1)).toBeUndefined();
    expect(positions(pages.get(2n, 1)!)).toEqual([3]);
  });
});
