import type { NewEvent } from '@app/event-store';
import { WriteGroup, WriteGroupConflict } from './write-group';

const event = (n: number): NewEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'Counted',
  data: { n },
  metadata: { accountId: 'a1', actor: 'u', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
});
const sum = (state: number, e: { type: string; data: unknown }) => state + (e.data as { n: number }).n;

describe('WriteGroup', () => {
  /** A store holding stream `s-a1.1` at revision 4 with state 10, counting its reads. */
  const stored = () => {
    const reads: string[] = [];
    const load = (stream: string) =>
      group.load(
        `sum\u0000${stream}`,
        stream,
        async () => {
          reads.push(stream);
          return stream === 's-a1.1' ? { state: 10, revision: 4n } : { state: 0, revision: undefined };
        },
        sum,
      );
    const group = new WriteGroup();
    return { group, load, reads };
  };

  it('shows each command the streams as the earlier ones left them, and appends them in one write per stream', async () => {
    const { group, load, reads } = stored();
    expect(await load('s-a1.1')).toEqual({ state: 10, revision: 4n });
    group.add([{ stream: 's-a1.1', expected: 4n, events: [event(1)] }], [{ stream: 'r-a1.1', expected: 0n }]);
    expect(await load('s-a1.1')).toEqual({ state: 11, revision: 5n });
    group.add([{ stream: 's-a1.1', expected: 5n, events: [event(2), event(3)] }], [{ stream: 'r-a1.1', expected: 0n }]);
    expect(await load('s-a1.1')).toEqual({ state: 16, revision: 7n });
    group.add([{ stream: 'new-a1.1', expected: 'no_stream', events: [event(4)] }], []);
    expect(await load('new-a1.1')).toEqual({ state: 4, revision: 0n });
    group.add([{ stream: 'new-a1.1', expected: 0n, events: [event(5)] }], []);
    // Each stream was read from the store once for the whole group.
    expect(reads).toEqual(['s-a1.1', 'new-a1.1']);

    expect(group.take()).toEqual({
      writes: [
        { stream: 's-a1.1', expected: 4n, events: [event(1), event(2), event(3)] },
        { stream: 'new-a1.1', expected: 'no_stream', events: [event(4), event(5)] },
      ],
      checks: [{ stream: 'r-a1.1', expected: 0n }],
    });
    expect(group.isEmpty).toBe(true);
    // What was pending is stored now: the next load reads the store again.
    await load('s-a1.1');
    expect(reads).toEqual(['s-a1.1', 'new-a1.1', 's-a1.1']);
  });

  it('a checked stream that a later command writes keeps the expectation it was read at', () => {
    const group = new WriteGroup();
    group.add([], [{ stream: 'r-a1.1', expected: 2n }]);
    group.add([{ stream: 'r-a1.1', expected: 2n, events: [event(1)] }], []);
    expect(group.take()).toEqual({ writes: [{ stream: 'r-a1.1', expected: 2n, events: [event(1)] }], checks: [] });
  });

  it.each([
    ['a stale revision of a stream the group writes', { stream: 's-a1.1', expected: 4n }],
    ['no_stream for a stream the group writes', { stream: 's-a1.1', expected: 'no_stream' as const }],
    ['another revision of a stream the group checks', { stream: 'r-a1.1', expected: 1n }],
  ])('refuses %s (the caller appends what is pending first), and takes nothing of that command', (_, write) => {
    const group = new WriteGroup();
    group.add([{ stream: 's-a1.1', expected: 4n, events: [event(1)] }], [{ stream: 'r-a1.1', expected: 0n }]);
    expect(() =>
      group.add(
        [
          { stream: 'other-a1.1', expected: 'no_stream', events: [event(2)] },
          { ...write, events: [event(3)] },
        ],
        [],
      ),
    ).toThrow(WriteGroupConflict);
    expect(group.take().writes.map((w) => w.stream)).toEqual(['s-a1.1']);
  });

  it('does not remember a failed read: the next command reads again', async () => {
    const group = new WriteGroup();
    let reads = 0;
    const load = () =>
      group.load(
        'sum\u0000s-a1.1',
        's-a1.1',
        async () => {
          if (++reads === 1) throw new Error('store unreachable');
          return { state: 1, revision: 0n };
        },
        sum,
      );
    await expect(load()).rejects.toThrow('store unreachable');
    expect(await load()).toEqual({ state: 1, revision: 0n });
    expect(reads).toBe(2);
  });

  it('a stream it does not hold is shown as stored', async () => {
    const { load } = stored();
    expect(await load('s-a1.1')).toEqual({ state: 10, revision: 4n });
  });
});
