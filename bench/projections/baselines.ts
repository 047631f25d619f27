import Database from 'better-sqlite3';
import type Redis from 'ioredis';

/** What account-stats writes for one event, pre-computed outside the timed part. */
export interface CompactEvent {
  key: string;
  typeField: string;
  position: string;
  recordedAt: string;
}

/**
 * The account-stats writes of one event and the checkpoint, as one atomic, idempotent script: skip at or below the
 * checkpoint, two HINCRBYs, one HSET of two fields, SET checkpoint. KEYS: checkpoint, account hash (one hash slot).
 */
const BASELINE_LUA = `
local cp = redis.call('GET', KEYS[1])
if cp and tonumber(cp) >= tonumber(ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[2], 'events', 1)
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('HSET', KEYS[2], 'lastPosition', ARGV[1], 'lastEventAt', ARGV[3])
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;

/** ioredis, one EVALSHA per event, pipelined by `pipeline` (sequential pipelines). Returns elapsed ms. */
export async function redisBaseline(
  redis: Redis,
  tag: string,
  events: readonly CompactEvent[],
  pipeline = 100,
): Promise<number> {
  const sha = (await redis.script('LOAD', BASELINE_LUA)) as string;
  const checkpointKey = `${tag}:checkpoint`;
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += pipeline) {
    const p = redis.pipeline();
    const end = Math.min(events.length, i + pipeline);
    for (let j = i; j < end; j++) {
      const e = events[j]!;
      p.evalsha(sha, 2, checkpointKey, `${tag}:${e.key}`, e.position, e.typeField, e.recordedAt);
    }
    const results = await p.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }
  return performance.now() - t0;
}

/**
 * better-sqlite3, the same writes in transactions of `txSize` on a table shaped like the adapter's hash fields:
 * two upsert-increments and two upserts per event, one checkpoint update per transaction. Returns elapsed ms.
 */
export function sqliteBaseline(path: string, events: readonly CompactEvent[], txSize = 500): number {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`
      CREATE TABLE hash_fields (ns INTEGER NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
                                PRIMARY KEY (ns, key, field)) WITHOUT ROWID;
      CREATE TABLE checkpoints (ns INTEGER PRIMARY KEY, checkpoint TEXT NOT NULL);
      INSERT INTO checkpoints VALUES (1, '0');`);
    const incr = db.prepare<[string, string]>(
      `INSERT INTO hash_fields (ns, key, field, value) VALUES (1, ?, ?, '1')
       ON CONFLICT (ns, key, field) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
    );
    const set = db.prepare<[string, string, string]>(
      `INSERT INTO hash_fields (ns, key, field, value) VALUES (1, ?, ?, ?)
       ON CONFLICT (ns, key, field) DO UPDATE SET value = excluded.value`,
    );
    const checkpoint = db.prepare<[string]>('UPDATE checkpoints SET checkpoint = ? WHERE ns = 1');
    const tx = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const e = events[i]!;
        incr.run(e.key, 'events');
        incr.run(e.key, e.typeField);
        set.run(e.key, 'lastPosition', e.position);
        set.run(e.key, 'lastEventAt', e.recordedAt);
      }
      checkpoint.run(events[to - 1]!.position);
    });
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += txSize) tx(i, Math.min(events.length, i + txSize));
    return performance.now() - t0;
  } finally {
    db.close();
  }
}
