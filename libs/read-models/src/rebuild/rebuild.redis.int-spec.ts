import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisReadModelStore } from '../adapters/redis.read-model-store';
import { describeRebuildOn } from './rebuild.int-suite';

const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `test-rebuild-${randomUUID()}:`;
const redis = new Redis(url);
let n = 0;

afterAll(async () => {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  await redis.quit();
});

describeRebuildOn('Redis read models', async () => new RedisReadModelStore(url, { prefix: `${prefix}${n++}:` }));
