import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPublicEventType } from '@app/domain';
import { MemoryEventStore } from '@app/event-store';
import { consumeChangeFeed, loadCursor, type FeedEvent } from '../../../docs/examples/change-feed-consumer';
import { startSdkApp, type SdkApp } from '../support/sdk-app';

const ROOT = join(__dirname, '../../..');
const ACCOUNT = 'sdk1';

describe('docs/consuming-events.md: the consumer it shows', () => {
  let sdk: SdkApp;
  const store = new MemoryEventStore();
  let dir: string;

  beforeAll(async () => {
    sdk = await startSdkApp({ eventStore: store, env: { FEED_HEARTBEAT_MS: '100' } });
    dir = await mkdtemp(join(tmpdir(), 'feed-consumer-'));
  });
  afterAll(async () => {
    await sdk.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is the file the documentation embeds, byte for byte', async () => {
    const doc = await readFile(join(ROOT, 'docs/consuming-events.md'), 'utf8');
    const code = await readFile(join(ROOT, 'docs/examples/change-feed-consumer.ts'), 'utf8');
    const embedded =
      /<!-- example:start docs\/examples\/change-feed-consumer\.ts -->\n+```ts\n([\s\S]*?)```\n+<!-- example:end -->/.exec(
        doc,
      );
    expect(embedded?.[1]).toBe(code);
  });

  it('survives restarts: each run resumes from the stored cursor, every event handled once, in order', async () => {
    const admin = await sdk.token({ accountId: ACCOUNT, roles: ['super_admin'] });
    const token = await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] });
    const cursorFile = join(dir, 'cursor');
    const handled: FeedEvent[] = [];
    const createContacts = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const response = await fetch(`${sdk.basePath}/crm/v3/objects/contacts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ properties: { email: `c${handled.length}-${i}-${Date.now()}@example.com` } }),
        });
        expect(response.status).toBe(201);
      }
    };
    const publicIds = async () =>
      (await store.readAll({ filter: { accountId: ACCOUNT } }))
        .filter((e) => isPublicEventType(e.type))
        .map((e) => e.id);

    // Three runs of the consumer, each stopped after a few events as a process would be; writes in between.
    for (const [run, stopAfter] of [7, 5, 9].entries()) {
      await createContacts(6);
      const controller = new AbortController();
      let count = 0;
      await consumeChangeFeed({
        baseUrl: sdk.basePath,
        token,
        cursorFile,
        signal: controller.signal,
        onEvent: async (event) => {
          handled.push(event);
          if (++count >= stopAfter) controller.abort();
        },
      });
      expect({ run, cursor: await loadCursor(cursorFile) }).toEqual({ run, cursor: handled.at(-1)!.cursor });
    }
    // A last run until it has caught up with the log.
    const expected = await publicIds();
    const controller = new AbortController();
    await consumeChangeFeed({
      baseUrl: sdk.basePath,
      token,
      cursorFile,
      signal: controller.signal,
      onEvent: async (event) => {
        handled.push(event);
        if (event.eventId === expected.at(-1)) controller.abort();
      },
    });
    expect(handled.map((e) => e.eventId)).toEqual(expected);
  }, 60_000);
});
