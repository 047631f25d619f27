import pino from 'pino';
import { MemoryEventStore } from '@app/event-store';
import { MemoryReadModelStore } from '@app/read-models';
import { ARCHIVE_CASCADE, ArchiveCascade } from './archive-cascade';

describe('ArchiveCascade', () => {
  describe('when stopped while it is still taking its lease', () => {
    it('stops at once and releases the lease, rather than waiting on a subscription nobody closes', async () => {
      const readModels = new MemoryReadModelStore();
      let grant!: () => void;
      const granted = new Promise<void>((resolve) => (grant = resolve));
      const acquire = readModels.acquireLease.bind(readModels);
      readModels.acquireLease = async (...args) => {
        await granted;
        return acquire(...args);
      };
      const cascade = new ArchiveCascade(new MemoryEventStore(), readModels, {
        logger: pino({ level: 'silent' }),
        owner: 'first',
      });
      cascade.start();
      const stopped = cascade.stop();
      grant();
      // No RecordArchived event will ever come: only closing the subscription it opens ends the loop.
      await expect(stopped).resolves.toBeUndefined();
      expect(await readModels.acquireLease(ARCHIVE_CASCADE, 'next-owner', 10_000)).toBe(true);
    });
  });
});
