import Redis from 'ioredis';
import { LeaseLostError } from '../read-model.port';
import type {
  ApplyBatch,
  ApplyResult,
  Namespace,
  ReadModelOp,
  ReadModelStore,
  ZMember,
  ZRangeOptions,
} from '../read-model.port';
import { assertGeneration, assertNamespace, assertProjection, leaseTtlMs, validateBatch } from '../read-model-batch';
import { formatDump } from '../read-model-dump';
import type { DumpEntry } from '../read-model-dump';

export interface RedisReadModelStoreOptions {
  /** Put before every key, to keep tests or environments apart on one server (e.g. `test-42:`). */
  prefix?: string;
}

/**
 * One batch, one script. KEYS: [1] checkpoint, [2] lease, [3…] data keys. ARGV: fenced ('1'|'0'), owner,
 * checkpoint, then per event: position, number of op arguments that follow, and the ops as flat tuples whose
 * second element is an index into KEYS. Positions are compared as decimal strings (length, then bytes): Lua
 * numbers are doubles and lose 64-bit positions. A key holds one type: a write of another type replaces it and
 * hdel/zrem on another type do nothing, so no command can fail with WRONGTYPE halfway through (a failing script
 * keeps the writes it already made).
 */
const APPLY = `
local function above(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end
if ARGV[1] == '1' and redis.call('GET', KEYS[2]) ~= ARGV[2] then return {0} end
local stored = redis.call('GET', KEYS[1])
local types = {}
local function typeof(k)
  local t = types[k]
  if t == nil then
    t = redis.call('TYPE', k).ok
    types[k] = t
  end
  return t
end
local function claim(k, want)
  local t = typeof(k)
  if t ~= want and t ~= 'none' then redis.call('DEL', k) end
  types[k] = want
end
local applied = 0
local i = 4
local n = #ARGV
while i <= n do
  local width = tonumber(ARGV[i + 1])
  local j = i + 2
  local stop = j + width
  if stored == false or above(ARGV[i], stored) then
    applied = applied + 1
    while j < stop do
      local op = ARGV[j]
      local k = KEYS[tonumber(ARGV[j + 1])]
      if op == 's' then
        redis.call('SET', k, ARGV[j + 2])
        types[k] = 'string'
        j = j + 3
      elseif op == 'd' then
        redis.call('DEL', k)
        types[k] = 'none'
        j = j + 2
      elseif op == 'h' then
        claim(k, 'hash')
        redis.call('HSET', k, ARGV[j + 2], ARGV[j + 3])
        j = j + 4
      elseif op == 'H' then
        if typeof(k) == 'hash' then redis.call('HDEL', k, ARGV[j + 2]) end
        j = j + 3
      elseif op == 'i' then
        claim(k, 'hash')
        local current = redis.call('HGET', k, ARGV[j + 2])
        local from = 0
        if current and string.find(current, '^%-?%d+$') then from = tonumber(current) end
        redis.call('HSET', k, ARGV[j + 2], string.format('%.0f', from + tonumber(ARGV[j + 3])))
        j = j + 4
      elseif op == 'z' then
        claim(k, 'zset')
        redis.call('ZADD', k, ARGV[j + 3], ARGV[j + 2])
        j = j + 4
      elseif op == 'Z' then
        if typeof(k) == 'zset' then redis.call('ZREM', k, ARGV[j + 2]) end
        j = j + 3
      else
        return redis.error_reply('unknown read-model op ' .. tostring(op))
      end
    end
  end
  i = stop
end
if stored == false or above(ARGV[3], stored) then
  redis.call('SET', KEYS[1], ARGV[3])
  stored = ARGV[3]
end
return {1, applied, stored}
`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;

interface ScriptCommands {
  readModelApply(numKeys: number, keys: string[], args: string[]): Promise<[0] | [1, number, string]>;
  readModelRenewLease(key: string, owner: string, ttlMs: number): Promise<number>;
  readModelReleaseLease(key: string, owner: string): Promise<number>;
}

const SCAN_COUNT = 1000;

/**
 * Read models in Redis (production mode). Key layout, with `{projection}` as the Cluster hash tag so that every
 * key one script touches — all generations' data and checkpoints, and the lease that fences them — lives in one
 * hash slot:
 *
 *   <prefix>rm:{<projection>}:<generation>:<key>        data
 *   <prefix>rm:{<projection>}:checkpoint:<generation>   checkpoint (decimal string)
 *   <prefix>rm:{<projection>}:lease                     lease owner, with a PX expiry
 *   <prefix>rm:{<projection>}:generation                active generation
 *
 * The trade-off: a projection, blue/green generations included, cannot spread over Cluster nodes. A per-generation
 * tag would split the lease from the data it fences, and a fenced write would then need two slots.
 */
export class RedisReadModelStore implements ReadModelStore {
  readonly kind = 'redis';
  private readonly redis: Redis & ScriptCommands;
  private readonly ownsClient: boolean;
  private readonly prefix: string;

  /** A URL creates (and `close` quits) a client; a given client is left open. */
  constructor(connection: string | Redis, options: RedisReadModelStoreOptions = {}) {
    const client = typeof connection === 'string' ? new Redis(connection) : connection;
    if (client.options.keyPrefix) {
      throw new Error('RedisReadModelStore: use its `prefix` option, not the ioredis keyPrefix (SCAN ignores it)');
    }
    this.prefix = options.prefix ?? '';
    if (/[{}]/.test(this.prefix)) throw new Error(`Redis key prefix may not contain { or }: '${this.prefix}'`);
    this.ownsClient = typeof connection === 'string';
    client.defineCommand('readModelApply', { lua: APPLY });
    client.defineCommand('readModelRenewLease', { lua: RENEW, numberOfKeys: 1 });
    client.defineCommand('readModelReleaseLease', { lua: RELEASE, numberOfKeys: 1 });
    this.redis = client as Redis & ScriptCommands;
  }

  async apply(batch: ApplyBatch): Promise<ApplyResult> {
    validateBatch(batch);
    const { projection } = batch.ns;
    const data = this.dataPrefix(batch.ns);
    const keys = [this.checkpointKey(batch.ns), this.leaseKey(projection)];
    const index = new Map<string, string>();
    const keyIndex = (key: string): string => {
      let i = index.get(key);
      if (i === undefined) {
        keys.push(data + key);
        i = String(keys.length);
        index.set(key, i);
      }
      return i;
    };
    const fenced = batch.leaseOwner !== undefined;
    const args = [fenced ? '1' : '0', batch.leaseOwner ?? '', batch.checkpoint.toString()];
    for (const event of batch.events) {
      const at = args.length;
      args.push(event.position.toString(), '');
      for (const op of event.ops) encode(op, keyIndex(op.key), args);
      args[at + 1] = String(args.length - at - 2);
    }
    const reply = await this.redis.readModelApply(keys.length, keys, args);
    if (reply[0] === 0) throw new LeaseLostError(projection, batch.leaseOwner ?? '');
    return { applied: reply[1], checkpoint: BigInt(reply[2]) };
  }

  async checkpoint(ns: Namespace): Promise<bigint | undefined> {
    const value = await this.redis.get(this.checkpointKey(ns));
    return value === null ? undefined : BigInt(value);
  }

  async get(ns: Namespace, key: string): Promise<string | undefined> {
    return (await this.redis.get(this.dataPrefix(ns) + key)) ?? undefined;
  }

  async hget(ns: Namespace, key: string, field: string): Promise<string | undefined> {
    return (await this.redis.hget(this.dataPrefix(ns) + key, field)) ?? undefined;
  }

  async hgetall(ns: Namespace, key: string): Promise<Record<string, string>> {
    return { ...(await this.redis.hgetall(this.dataPrefix(ns) + key)) };
  }

  async zrange(ns: Namespace, key: string, options: ZRangeOptions = {}): Promise<ZMember[]> {
    const k = this.dataPrefix(ns) + key;
    const min = bound(options.min ?? -Infinity);
    const max = bound(options.max ?? Infinity);
    const limit =
      options.offset !== undefined || options.limit !== undefined
        ? ['LIMIT', String(options.offset ?? 0), String(options.limit ?? -1)]
        : [];
    const flat = (
      options.reverse
        ? await this.redis.call('ZREVRANGEBYSCORE', k, max, min, 'WITHSCORES', ...limit)
        : await this.redis.call('ZRANGEBYSCORE', k, min, max, 'WITHSCORES', ...limit)
    ) as string[];
    const members: ZMember[] = [];
    for (let i = 0; i < flat.length; i += 2) members.push({ member: flat[i], score: Number(flat[i + 1]) });
    return members;
  }

  async zcard(ns: Namespace, key: string): Promise<number> {
    return this.redis.zcard(this.dataPrefix(ns) + key);
  }

  async activeGeneration(projection: string): Promise<number> {
    const value = await this.redis.get(this.generationKey(projection));
    return value === null ? 1 : Number(value);
  }

  async setActiveGeneration(projection: string, generation: number): Promise<void> {
    assertGeneration(generation);
    await this.redis.set(this.generationKey(projection), String(generation));
  }

  async dropNamespace(ns: Namespace): Promise<void> {
    for await (const keys of this.scan(ns)) await this.redis.unlink(...keys);
    await this.redis.unlink(this.checkpointKey(ns));
  }

  async dump(ns: Namespace): Promise<string> {
    const data = this.dataPrefix(ns);
    const entries: DumpEntry[] = [];
    const seen = new Set<string>();
    for await (const scanned of this.scan(ns)) {
      const keys = scanned.filter((k) => !seen.has(k));
      for (const k of keys) seen.add(k);
      const types = await this.redis.pipeline(keys.map((k) => ['type', k])).exec();
      const reads = this.redis.pipeline();
      const typed = keys.map((k, i) => ({ k, type: String(types?.[i]?.[1]) }));
      for (const { k, type } of typed) {
        if (type === 'string') reads.get(k);
        else if (type === 'hash') reads.hgetall(k);
        else if (type === 'zset') reads.zrange(k, 0, -1, 'WITHSCORES');
        else reads.exists(k); // gone (or foreign) since the scan: keeps indexes aligned
      }
      const values = (await reads.exec()) ?? [];
      typed.forEach(({ k, type }, i) => {
        const [error, value] = values[i] ?? [];
        if (error) throw error;
        const key = k.slice(data.length);
        if (type === 'string' && typeof value === 'string') entries.push({ type, key, value });
        else if (type === 'hash') {
          for (const [field, v] of Object.entries(value as Record<string, string>))
            entries.push({ type, key, field, value: v });
        } else if (type === 'zset') {
          const flat = value as string[];
          for (let j = 0; j < flat.length; j += 2)
            entries.push({ type, key, member: flat[j], score: Number(flat[j + 1]) });
        }
      });
    }
    return formatDump(entries, await this.checkpoint(ns));
  }

  async acquireLease(projection: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = this.leaseKey(projection);
    const ttl = leaseTtlMs(ttlMs);
    if ((await this.redis.set(key, owner, 'PX', ttl, 'NX')) === 'OK') return true;
    return (await this.redis.readModelRenewLease(key, owner, ttl)) === 1;
  }

  async renewLease(projection: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.readModelRenewLease(this.leaseKey(projection), owner, leaseTtlMs(ttlMs))) === 1;
  }

  async releaseLease(projection: string, owner: string): Promise<void> {
    await this.redis.readModelReleaseLease(this.leaseKey(projection), owner);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit();
  }

  /** A namespace's data keys, in batches (SCAN may return a key more than once). */
  private async *scan(ns: Namespace): AsyncGenerator<string[]> {
    const match = globEscape(this.dataPrefix(ns)) + '*';
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', SCAN_COUNT);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }

  private tag(projection: string): string {
    assertProjection(projection);
    return `${this.prefix}rm:{${projection}}`;
  }

  private dataPrefix(ns: Namespace): string {
    assertNamespace(ns);
    return `${this.tag(ns.projection)}:${ns.generation}:`;
  }

  private checkpointKey(ns: Namespace): string {
    assertNamespace(ns);
    return `${this.tag(ns.projection)}:checkpoint:${ns.generation}`;
  }

  private leaseKey(projection: string): string {
    return `${this.tag(projection)}:lease`;
  }

  private generationKey(projection: string): string {
    return `${this.tag(projection)}:generation`;
  }
}

function encode(op: ReadModelOp, key: string, args: string[]): void {
  switch (op.op) {
    case 'set':
      args.push('s', key, op.value);
      return;
    case 'del':
      args.push('d', key);
      return;
    case 'hset':
      args.push('h', key, op.field, op.value);
      return;
    case 'hdel':
      args.push('H', key, op.field);
      return;
    case 'hincrby':
      args.push('i', key, op.field, String(op.by));
      return;
    case 'zadd':
      args.push('z', key, op.member, String(op.score));
      return;
    case 'zrem':
      args.push('Z', key, op.member);
      return;
    default: {
      const never: never = op;
      throw new Error(`Unknown read-model op ${JSON.stringify(never)}`);
    }
  }
}

function bound(score: number): string {
  if (score === Infinity) return '+inf';
  if (score === -Infinity) return '-inf';
  return String(score);
}

function globEscape(s: string): string {
  return s.replace(/[*?[\]\\^]/g, '\\$&');
}
