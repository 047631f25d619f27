import {
  EventTooLargeError,
  IdempotencyConflictError,
  InvalidEventError,
  WrongExpectedVersionError,
} from './event-store.errors';
import type {
  AllFilter,
  AppendResult,
  ExpectedState,
  NewEvent,
  RecordedEvent,
  StreamCheck,
  StreamWrite,
} from './event-store.port';
import { categoryOf, parseStreamName } from './stream-name';

/** Default limit on one event's serialized data + metadata. 1 MiB events fit with room to spare. */
export const DEFAULT_MAX_EVENT_BYTES = 2 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,199}$/;

/** An event serialized once, so adapters and checks agree on its bytes. */
export interface SerializedEvent {
  stream: string;
  id: string;
  type: string;
  data: string;
  metadata: string;
  event: NewEvent;
}

/**
 * Validates an append request before any I/O: stream names, one write per stream, UUID ids unique in the request,
 * event types, metadata (account matches the stream's account), size limit. Returns the events serialized.
 */
export function validateAppend(
  writes: readonly StreamWrite[],
  checks: readonly StreamCheck[],
  maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
): SerializedEvent[] {
  if (writes.length === 0) throw new InvalidEventError('An append needs at least one stream write');
  const streams = new Set<string>();
  const ids = new Set<string>();
  const out: SerializedEvent[] = [];
  for (const { stream } of [...writes, ...checks]) {
    if (streams.has(stream)) throw new InvalidEventError(`Stream '${stream}' appears more than once in one append`);
    streams.add(stream);
  }
  for (const check of checks) {
    parseStreamName(check.stream);
    validateExpected(check.stream, check.expected);
  }
  for (const write of writes) {
    const { accountId } = parseStreamName(write.stream);
    validateExpected(write.stream, write.expected);
    for (const event of write.events) {
      if (typeof event.id !== 'string' || !UUID.test(event.id)) {
        throw new InvalidEventError(`Event id '${String(event.id)}' is not a UUID`);
      }
      const id = event.id.toLowerCase();
      if (ids.has(id)) throw new InvalidEventError(`Event id ${id} appears more than once in one append`);
      ids.add(id);
      if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
        throw new InvalidEventError(`Event type '${String(event.type)}' is invalid`);
      }
      validateMetadata(event, accountId, write.stream);
      const data = JSON.stringify(event.data ?? null);
      const metadata = JSON.stringify(event.metadata);
      const size = Buffer.byteLength(data) + Buffer.byteLength(metadata);
      if (size > maxEventBytes) throw new EventTooLargeError(id, size, maxEventBytes);
      out.push({ stream: write.stream, id, type: event.type, data, metadata, event });
    }
  }
  return out;
}

function validateExpected(stream: string, expected: ExpectedState): void {
  if (typeof expected === 'bigint') {
    if (expected < 0n) throw new InvalidEventError(`Expected revision for '${stream}' must be ≥ 0`);
    return;
  }
  if (expected !== 'any' && expected !== 'no_stream' && expected !== 'exists') {
    throw new InvalidEventError(`Unknown expected state '${String(expected)}' for '${stream}'`);
  }
}

function validateMetadata(event: NewEvent, accountId: string, stream: string): void {
  const m = event.metadata as Partial<NewEvent['metadata']> | undefined;
  if (!m || typeof m !== 'object') throw new InvalidEventError(`Event ${event.id} has no metadata`);
  for (const key of ['accountId', 'actor', 'commandId', 'correlationId', 'causationId'] as const) {
    if (typeof m[key] !== 'string' || m[key] === '') {
      throw new InvalidEventError(`Event ${event.id} metadata.${key} must be a non-empty string`);
    }
  }
  if (!Number.isInteger(m.schemaVersion) || (m.schemaVersion as number) < 1) {
    throw new InvalidEventError(`Event ${event.id} metadata.schemaVersion must be a positive integer`);
  }
  if (m.accountId !== accountId) {
    throw new InvalidEventError(
      `Event ${event.id} belongs to account '${m.accountId}' but stream '${stream}' to account '${accountId}'`,
    );
  }
}

/** Throws WrongExpectedVersionError unless `actual` (current revision, undefined = no stream) satisfies `expected`. */
export function assertExpected(stream: string, expected: ExpectedState, actual: bigint | undefined): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'exists' && actual !== undefined) ||
    (typeof expected === 'bigint' && actual === expected);
  if (!ok) throw new WrongExpectedVersionError(stream, expected, actual);
}

/** What an adapter knows about an event id that is already stored. */
export interface StoredEventIdentity {
  id: string;
  stream: string;
  type: string;
  data: string;
  revision: bigint;
  position: bigint;
}

/**
 * Decides an append whose event ids were seen before. Returns the original result when every event is stored
 * with the same stream, type and data; throws IdempotencyConflictError otherwise. Returns undefined when
 * none of the ids is stored (a fresh append).
 */
export function resolveRetry(
  events: readonly SerializedEvent[],
  stored: ReadonlyMap<string, StoredEventIdentity>,
  writes: readonly StreamWrite[],
): AppendResult | undefined {
  if (stored.size === 0) return undefined;
  let position = 0n;
  const revisions = new Map<string, bigint>();
  for (const e of events) {
    const s = stored.get(e.id);
    if (!s) throw new IdempotencyConflictError(e.id, 'part of this append was stored before, part was not');
    if (s.stream !== e.stream) throw new IdempotencyConflictError(e.id, `it was written to stream '${s.stream}'`);
    // Content is the type and data; metadata records provenance (a retry may carry another correlation id).
    if (s.type !== e.type || !sameJson(s.data, e.data)) {
      throw new IdempotencyConflictError(e.id, 'it was stored with other content');
    }
    if (s.position > position) position = s.position;
    const prev = revisions.get(s.stream);
    if (prev === undefined || s.revision > prev) revisions.set(s.stream, s.revision);
  }
  return {
    position,
    streams: writes
      .filter((w) => revisions.has(w.stream))
      .map((w) => ({ stream: w.stream, revision: revisions.get(w.stream)! })),
  };
}

function sameJson(a: string, b: string): boolean {
  return a === b || canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order (e.g. after JSONB). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function matchesFilter(
  event: Pick<RecordedEvent, 'streamName' | 'type' | 'metadata'>,
  filter?: AllFilter,
): boolean {
  if (!filter) return true;
  if (filter.accountId !== undefined && event.metadata.accountId !== filter.accountId) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.categories && !filter.categories.includes(categoryOf(event.streamName))) return false;
  return true;
}
