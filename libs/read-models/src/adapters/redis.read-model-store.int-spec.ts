import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { describeReadModelStoreConformance, positioned } from '../../testing';
import { RedisReadModelStore } from './redis.read-model-store';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `rm-test-${randomUUID()}:`;
let n = 0;
const admin = new Redis(url);

async function keysUnder(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

afterAll(async () => {
  const keys = await keysUnder(run);
  for (let i = 0; i < keys.length; i += 500) await admin.unlink(...keys.slice(i, i + 500));
  await admin.quit();
});

describeReadModelStoreConformance('redis', {
  create: async () => new RedisReadModelStore(url, { prefix: `${run}${n++}:` }),
});

describe('RedisReadModelStore key layout', () => {
  const prefix = `${run}layout:`;
  let store: RedisReadModelStore;
  beforeAll(() => {
    store = new RedisReadModelStore(admin, { prefix });
  });

  it('keeps a projection, its checkpoints and its lease in one hash slot', async () => {
    await store.acquireLease('labels', 'me', 10_000);
    await store.setActiveGeneration('labels', 2);
    for (const generation of [1, 2]) {
      await store.apply({
        ns: { projection: 'labels', generation },
        events: [
          positioned(1, { op: 'set', key: 'k', value: 'v' }, { op: 'hset', key: 'h:1', field: 'f', value: 'v' }),
        ],
        checkpoint: 1n,
        leaseOwner: 'me',
      });
    }
    const keys = (await keysUnder(prefix)).sort();
    expect(keys).toEqual(
      [
        'rm:{labels}:1:h:1',
        'rm:{labels}:1:k',
        'rm:{labels}:2:h:1',
        'rm:{labels}:2:k',
        'rm:{labels}:checkpoint:1',
        'rm:{labels}:checkpoint:2',
        'rm:{labels}:generation',
        'rm:{labels}:lease',
      ].map((k) => prefix + k),
    );
    // Redis Cluster hashes only the text between the first `{` and the next `}`.
    const tags = keys.map((k) => k.slice(k.indexOf('{') + 1, k.indexOf('}')));
    expect(new Set(tags)).toEqual(new Set(['labels']));
  });

  it('leaves a client it was given open', async () => {
    await store.close();
    expect(await admin.ping()).toBe('PONG');
  });
});
