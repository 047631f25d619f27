import { idsStream } from '@app/domain';
import { MemoryEventStore } from '@app/event-store';
import type { Principal } from '../auth/principal';
import { AccountPositions } from '../commands/account-positions';
import type { CommandContext } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { StreamLoader } from '../schema/stream-loader';
import { RECORD_ID_BLOCK_SIZE, RecordIdAllocator } from './record-id.allocator';

/** Two api processes (two allocators) over one event store. */
describe('RecordIdAllocator', () => {
  const principal: Principal = { userId: 'u', accountId: 'acc', roles: ['user'] };
  const context = (accountId = 'acc'): CommandContext => ({
    accountId,
    actor: 'u',
    commandId: 'cmd',
    correlationId: 'corr',
    causationId: 'corr',
    now: '2026-11-29T00:00:00.000Z',
    route: 'test',
    principal,
  });
  let store: MemoryEventStore;
  const allocator = () =>
    new RecordIdAllocator(
      new StreamLoader(store),
      new CommandExecutor(store, new AccountPositions(), new StreamLoader(store)),
    );
  beforeEach(() => {
    store = new MemoryEventStore();
  });

  it('hands out 1, 2, 3… from one reserved block', async () => {
    const ids = allocator();
    expect([await ids.next(context()), await ids.next(context()), await ids.next(context())]).toEqual(['1', '2', '3']);
    expect(await store.readStream(idsStream('acc'))).toHaveLength(1);
  });

  it('reserves once for many concurrent callers, and again when the block runs out', async () => {
    const ids = allocator();
    const taken = await Promise.all(Array.from({ length: RECORD_ID_BLOCK_SIZE + 5 }, () => ids.next(context())));
    expect(new Set(taken).size).toBe(RECORD_ID_BLOCK_SIZE + 5);
    expect(await store.readStream(idsStream('acc'))).toHaveLength(2);
  });

  it('never gives two processes the same id, racing for blocks', async () => {
    const [a, b] = [allocator(), allocator()];
    const taken = await Promise.all(
      Array.from({ length: 3 * RECORD_ID_BLOCK_SIZE }, (_, i) => (i % 2 === 0 ? a : b).next(context())),
    );
    expect(new Set(taken).size).toBe(taken.length);
  });

  it('skips what a crashed process reserved but never used', async () => {
    await allocator().next(context());
    expect(await allocator().next(context())).toBe(String(RECORD_ID_BLOCK_SIZE + 1));
  });

  it('counts per account', async () => {
    const ids = allocator();
    await ids.next(context('acc'));
    expect(await ids.next(context('other'))).toBe('1');
  });
});
