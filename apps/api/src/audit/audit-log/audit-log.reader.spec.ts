import { MemoryEventStore, type NewEvent, type ReadAllOptions } from '@app/event-store';
import { auditCsvChunks, auditCsvStream, readAuditPage, AUDIT_READ_CHUNK, type AuditPage } from './audit-log.reader';

const meta = (accountId: string, actor = 'u1') => ({
  accountId,
  actor,
  commandId: 'cmd',
  correlationId: 'corr',
  causationId: 'corr',
  schemaVersion: 1,
  route: 'POST /x',
});

let ids = 0;
const anEvent = (accountId: string, type = 'ThingHappened', actor = 'u1', data: unknown = {}): NewEvent => ({
  id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  type,
  data,
  metadata: meta(accountId, actor),
});

/** Counts the store's reads and the events they returned: the bound the reader promises is on these. */
class CountingStore extends MemoryEventStore {
  reads = 0;
  eventsRead = 0;
  override async readAll(options?: ReadAllOptions) {
    const events = await super.readAll(options);
    this.reads += 1;
    this.eventsRead += events.length;
    return events;
  }
}

async function storeWith(accountEvents: NewEvent[][]): Promise<CountingStore> {
  const store = new CountingStore();
  for (const [n, events] of accountEvents.entries()) {
    await store.append([{ stream: `thing-${events[0]!.metadata.accountId}.s${n}`, expected: 'any', events }]);
  }
  store.reads = 0;
  store.eventsRead = 0;
  return store;
}

async function allPages(read: (after?: bigint) => Promise<AuditPage>): Promise<AuditPage[]> {
  const pages: AuditPage[] = [];
  let after: bigint | undefined;
  do {
    const page = await read(after);
    pages.push(page);
    after = page.paging ? BigInt(page.paging.next.after) : undefined;
  } while (after !== undefined && pages.length < 100);
  return pages;
}

describe('account audit log reader', () => {
  describe('without filters', () => {
    it("pages through the account's events in order, next only when there is more", async () => {
      const store = await storeWith([
        Array.from({ length: 5 }, () => anEvent('1')),
        [anEvent('2')],
        Array.from({ length: 2 }, () => anEvent('1')),
      ]);
      const pages = await allPages((after) => readAuditPage(store, '1', {}, { after, limit: 3 }));
      expect(pages.map((p) => p.results.length)).toEqual([3, 3, 1]);
      const positions = pages.flatMap((p) => p.results.map((e) => Number(e.position)));
      expect(positions).toEqual([1, 2, 3, 4, 5, 7, 8]);
      expect(pages[0]!.paging).toEqual({ next: { after: '3' } });
      expect(pages[2]!.paging).toBeUndefined();
    });

    it('an exactly full last page has no next', async () => {
      const store = await storeWith([Array.from({ length: 4 }, () => anEvent('1'))]);
      const second = await readAuditPage(store, '1', {}, { after: 2n, limit: 2 });
      expect(second.results.map((e) => e.position)).toEqual(['3', '4']);
      expect(second.paging).toBeUndefined();
    });

    it('shows each event with its metadata', async () => {
      const store = await storeWith([[anEvent('1', 'LabelCreated', 'admin', { label: 'Boss' })]]);
      const { results } = await readAuditPage(store, '1', {});
      expect(results[0]).toEqual({
        position: '1',
        eventId: expect.any(String),
        type: 'LabelCreated',
        stream: 'thing-1.s0',
        revision: '0',
        recordedAt: expect.any(String),
        actor: 'admin',
        route: 'POST /x',
        commandId: 'cmd',
        correlationId: 'corr',
        causationId: 'corr',
        data: { label: 'Boss' },
        metadata: meta('1', 'admin'),
      });
    });

    it("never shows another account's events", async () => {
      const store = await storeWith([[anEvent('2'), anEvent('2')]]);
      expect(await readAuditPage(store, '1', {})).toEqual({ results: [] });
    });
  });

  describe('with a filter', () => {
    it('keeps paging by position across filtered stretches', async () => {
      const events = Array.from({ length: 30 }, (_, n) => anEvent('1', n % 3 === 0 ? 'Rare' : 'Common'));
      const store = await storeWith([events]);
      const pages = await allPages((after) => readAuditPage(store, '1', { types: ['Rare'] }, { after, limit: 4 }));
      const positions = pages.flatMap((p) => p.results.map((e) => Number(e.position)));
      expect(positions).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28]);
    });

    it('scans a bounded stretch per request: a rare match answers short pages with next until it is found', async () => {
      const events = [
        ...Array.from({ length: 95 }, () => anEvent('1', 'Common')),
        anEvent('1', 'Common', 'needle'),
        ...Array.from({ length: 4 }, () => anEvent('1', 'Common')),
      ];
      const store = await storeWith([events]);
      const first = await readAuditPage(store, '1', { actor: 'needle' }, { limit: 10, scanBudget: 40 });
      expect(first).toEqual({ results: [], paging: { next: { after: '40' } } });
      expect(store.eventsRead).toBeLessThanOrEqual(40);

      const pages = await allPages((after) =>
        readAuditPage(store, '1', { actor: 'needle' }, { after, limit: 10, scanBudget: 40 }),
      );
      expect(pages.flatMap((p) => p.results.map((e) => e.position))).toEqual(['96']);
      expect(pages).toHaveLength(3);
      expect(pages[2]!.paging).toBeUndefined();
    });
  });

  describe('CSV export', () => {
    const text = async (chunks: AsyncIterable<string>) => {
      let all = '';
      for await (const chunk of chunks) all += chunk;
      return all;
    };

    it('writes a header and a row per matching event, data and metadata as JSON', async () => {
      const store = await storeWith([
        [anEvent('1', 'LabelRenamed', 'u1', { label: 'Boss, "big"\nboss' }), anEvent('1', 'Other')],
        [anEvent('2', 'LabelRenamed')],
      ]);
      const csv = await text(
        auditCsvChunks(store, '1', { types: ['LabelRenamed'] }, { head: await store.headPosition() }),
      );
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe(
        'position,recordedAt,type,stream,revision,actor,route,commandId,correlationId,causationId,eventId,data,metadata',
      );
      expect(lines[1]).toMatch(/^1,[^,]+,LabelRenamed,thing-1\.s0,0,u1,POST \/x,cmd,corr,corr,[0-9a-f-]+,"\{""label""/);
      expect(csv).toContain('"{""label"":""Boss, \\""big\\""\\nboss""}"');
      expect(lines).toHaveLength(3);
    });

    it('exports what was in the log when it started, not what is appended while it runs', async () => {
      const store = await storeWith([[anEvent('1'), anEvent('1')]]);
      const chunks = auditCsvChunks(store, '1', {}, { head: await store.headPosition() });
      const header = await chunks.next();
      await store.append([{ stream: 'thing-1.late', expected: 'any', events: [anEvent('1')] }]);
      const rest = await text({ [Symbol.asyncIterator]: () => chunks });
      expect(header.value).toMatch(/^position,/);
      expect(rest.split('\r\n').filter(Boolean)).toHaveLength(2);
    });

    it('reads the log as the consumer pulls, a chunk at a time, not all before the first byte', async () => {
      const pages = 6;
      const events = Array.from({ length: pages * AUDIT_READ_CHUNK }, () =>
        anEvent('1', 'T', 'u1', { pad: 'x'.repeat(200) }),
      );
      const store = await storeWith([events.slice(0, 1000), events.slice(1000, 2000), events.slice(2000)]);
      const stream = await auditCsvStream(store, '1', {});
      const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
      stream.pause();
      expect(first.toString()).toMatch(/^position,/);
      expect(store.reads).toBeLessThanOrEqual(2);

      let rows = 0;
      stream.on('data', (chunk: Buffer) => (rows += chunk.toString().split('\r\n').length - 1));
      stream.resume();
      await new Promise((resolve) => stream.on('end', resolve));
      expect(rows).toBe(pages * AUDIT_READ_CHUNK);
      expect(store.reads).toBeGreaterThanOrEqual(pages);
    });
  });
});
