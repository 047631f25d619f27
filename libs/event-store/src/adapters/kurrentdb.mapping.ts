/**
 * Pure translation between the event store port and `@kurrent/kurrentdb-client` (1.3.x): expected states, errors,
 * positions, recorded events, server-side filters and the shape of an append request. No I/O here; the adapter in
 * `kurrentdb.event-store.ts` does the calls.
 */
import {
  AccessDeniedError,
  AppendConsistencyViolationError,
  AppendRecordSizeExceededError,
  ANY,
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  END,
  eventTypeFilter,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  STREAM_STATE,
  streamNameFilter,
  TimeoutError,
  TransactionMaxSizeExceededError,
  UnavailableError,
  UnsupportedError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type {
  AppendRecordInput,
  AppendStreamRequest,
  AppendStreamState,
  ConsistencyCheck,
  CurrentStreamState,
  EventData,
  Filter,
  JSONType,
  MultiAppendResult,
  Position,
  ReadPosition,
} from '@kurrent/kurrentdb-client';
import type { SerializedEvent } from '../append-validation';
import {
  EventTooLargeError,
  InvalidEventError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from '../event-store.errors';
import type {
  AllFilter,
  AppendResult,
  EventMetadata,
  ExpectedState,
  RecordedEvent,
  StreamCheck,
  StreamWrite,
} from '../event-store.port';

export const STORE_NAME = 'kurrentdb';

// ---------------------------------------------------------------------------------------------------------------
// Stream namespace and idempotency claims
// ---------------------------------------------------------------------------------------------------------------

/**
 * Streams that record which stream an event id went to (see `planAppend`). Their names start with `_`, which no port
 * stream name can (a category starts with a lower-case letter), so they never collide with domain streams and every
 * read skips them.
 */
export const CLAIM_STREAM_PREFIX = '_eventid-';
export const CLAIM_EVENT_TYPE = 'EventIdClaimed';

/** Property under which the port's metadata travels (as one JSON string; see `encodeMetadata`). */
export const METADATA_PROPERTY = 'eventMetadata';

const NAMESPACE = /^[A-Za-z0-9_]{0,64}$/;
/** KurrentDB's "max u64" placeholder for an unknown position (older servers, stream reads). */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

/**
 * An optional prefix put in front of every stream name the adapter writes and stripped from every name it reads, so
 * that several independent stores (e.g. one per integration test) can share one KurrentDB server. Reads, the head
 * position and subscriptions only see streams of their own namespace.
 */
export class StreamNamespace {
  constructor(readonly prefix = '') {
    if (!NAMESPACE.test(prefix)) {
      throw new Error(`KurrentDB stream namespace '${prefix}' must be up to 64 letters, digits or _`);
    }
  }

  /** The stored (physical) name of a port stream. */
  qualify(stream: string): string {
    return this.prefix + stream;
  }

  /**
   * The port stream name of a stored stream, or undefined when the stream is not a domain stream of this namespace
   * (another namespace, a system `$` stream, an idempotency claim stream).
   */
  unqualify(stored: string): string | undefined {
    if (!stored.startsWith(this.prefix)) return undefined;
    const name = stored.slice(this.prefix.length);
    return /^[a-z]/.test(name) ? name : undefined;
  }

  claimStream(eventId: string): string {
    return `${this.prefix}${CLAIM_STREAM_PREFIX}${eventId.toLowerCase()}`;
  }

  isClaimStream(stored: string): boolean {
    return stored.startsWith(this.prefix + CLAIM_STREAM_PREFIX);
  }

  /** Server-side regex (on stream names) selecting this namespace's domain streams. */
  domainStreamRegex(): string {
    return `^${escapeRegex(this.prefix)}[a-z]`;
  }
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------------
// Expected states and revisions
// ---------------------------------------------------------------------------------------------------------------

export function toStreamState(expected: ExpectedState): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/**
 * The port's expected state for one the client reports. Some client paths report the raw wire numbers (the v1
 * `wrong-expected-version` trailer: -1 no stream, -2 any, -4 exists), so negative bigints are decoded too.
 */
export function fromStreamState(state: AppendStreamState): ExpectedState {
  switch (state) {
    case ANY:
    case -2n:
      return 'any';
    case NO_STREAM:
    case -1n:
      return 'no_stream';
    case STREAM_EXISTS:
    case -4n:
      return 'exists';
    default:
      return state;
  }
}

/**
 * The port's "actual revision" (undefined = no stream) for the client's current stream state. Negative revisions are
 * states, not revisions: -1 no stream, -5 deleted, -6 tombstoned; the port has no deletes, so all mean "no stream".
 */
export function fromCurrentState(state: CurrentStreamState | undefined): bigint | undefined {
  if (state === undefined || state === NO_STREAM) return undefined;
  return state < 0n ? undefined : state;
}

// ---------------------------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------------------------

/*
 * The port's global position is one bigint; KurrentDB's is a {commit, prepare} pair. Since EventStoreDB 20 (gRPC) an
 * event appended outside an explicit legacy (TCP) transaction has commit == prepare == its log position, and
 * multi-stream appends (v2 protocol) are written the same way, so the commit position alone identifies an event and
 * orders $all. We therefore expose `commit` and resume from `{commit: p, prepare: p}`. A store holding events of
 * legacy explicit transactions (several events sharing one commit position) is not supported by this adapter.
 */

export function toPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

export function fromPosition(position: Position): bigint {
  return position.commit;
}

/** Where a forwards read/subscription of $all starts for an exclusive checkpoint (omitted or 0n: the start). */
export function readPositionAfter(after: bigint | undefined): ReadPosition {
  return after === undefined || after <= 0n ? START : toPosition(after);
}

export function readPositionBefore(before: bigint | undefined): ReadPosition {
  return before === undefined ? END : toPosition(before);
}

/** A position the server actually reported, or undefined for a missing/placeholder one. */
export function knownPosition(position: Position | undefined): bigint | undefined {
  if (!position) return undefined;
  const commit = fromPosition(position);
  return commit < 0n || commit >= UNKNOWN_POSITION ? undefined : commit;
}

// ---------------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------------

/**
 * Metadata as event properties. Multi-stream appends and appends with checks (v2 protocol) only accept metadata that
 * is a flat object of string values, which the server turns into the event's JSON metadata; the port's metadata has a
 * number (`schemaVersion`) and arbitrary extra fields. It therefore travels as one JSON string property, which
 * round-trips exactly and leaves room for the server's own `$`-prefixed properties.
 */
export function encodeMetadata(serializedMetadata: string): Record<string, string> {
  return { [METADATA_PROPERTY]: serializedMetadata };
}

/** The port's metadata from what the client read: our property, or (written by other tools) plain JSON metadata. */
export function decodeMetadata(raw: unknown, eventId: string): EventMetadata {
  let value = raw;
  if (value instanceof Uint8Array) value = parseJson(Buffer.from(value).toString('utf8'));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const property = (value as Record<string, unknown>)[METADATA_PROPERTY];
    if (typeof property === 'string') value = parseJson(property);
    else {
      value = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(([key]) => !key.startsWith('$')),
      );
    }
  }
  if (
    !value ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    typeof (value as EventMetadata).accountId !== 'string'
  ) {
    throw new InvalidEventError(`Stored event ${eventId} has no readable event metadata`);
  }
  return value as EventMetadata;
}

export function decodeData(raw: unknown): unknown {
  return raw instanceof Uint8Array ? parseJson(Buffer.from(raw).toString('utf8')) : raw;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The fields the adapter uses of the client's recorded events (from stream reads, $all reads and subscriptions). */
export interface ClientRecordedEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  isJson: boolean;
  position?: Position;
}

export interface ClientResolvedEvent {
  event?: ClientRecordedEvent;
  link?: unknown;
}

/** A recorded event before its global position is known to be present. */
export type RecordedEventDraft = Omit<RecordedEvent, 'position'> & { position: bigint | undefined };

/**
 * Converts what the client read into the port's event, or undefined when it is not one of ours: no event, a link, a
 * system event (`$`-prefixed type or stream), a stream of another namespace or an idempotency claim.
 */
export function toRecordedEventDraft(
  resolved: ClientResolvedEvent,
  ns: StreamNamespace,
): RecordedEventDraft | undefined {
  const event = resolved.event;
  if (!event || resolved.link !== undefined || event.type.startsWith('$') || event.streamId.startsWith('$')) {
    return undefined;
  }
  const streamName = ns.unqualify(event.streamId);
  if (streamName === undefined) return undefined;
  return {
    id: event.id,
    type: event.type,
    data: decodeData(event.data),
    metadata: decodeMetadata(event.metadata, event.id),
    streamName,
    revision: event.revision,
    position: knownPosition(event.position),
    recordedAt: event.created.toISOString(),
  };
}

/** Like `toRecordedEventDraft`, but the event's $all position is required (KurrentDB ≥ 22.6 reports it everywhere). */
export function toRecordedEvent(resolved: ClientResolvedEvent, ns: StreamNamespace): RecordedEvent | undefined {
  const draft = toRecordedEventDraft(resolved, ns);
  if (!draft) return undefined;
  if (draft.position === undefined) {
    throw new Error(
      `KurrentDB did not report the $all position of event ${draft.id} in '${draft.streamName}' (needs KurrentDB ≥ 22.6)`,
    );
  }
  return { ...draft, position: draft.position };
}

// ---------------------------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------------------------

/**
 * The one server-side filter KurrentDB applies to an $all read or subscription (it takes a single filter, on stream
 * names or on event types). Categories become stream-name prefixes `<ns><category>-`; otherwise event types become an
 * exact-match regex; otherwise a stream-name regex keeps this namespace's domain streams (which also drops system
 * `$` streams and claim streams). The account filter, and whatever the server filter could not express, is applied
 * client-side by `matchesFilter` on the converted events.
 */
export function serverFilter(filter: AllFilter | undefined, ns: StreamNamespace): Filter {
  if (filter?.categories && filter.categories.length > 0) {
    return streamNameFilter({ prefixes: filter.categories.map((category) => ns.qualify(`${category}-`)) });
  }
  if (filter?.eventTypes && filter.eventTypes.length > 0) {
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
  }
  return streamNameFilter({ regex: ns.domainStreamRegex() });
}

// ---------------------------------------------------------------------------------------------------------------
// Appends
// ---------------------------------------------------------------------------------------------------------------

export interface ClaimData {
  /** The port stream the claimed event id was written to. */
  stream: string;
}

export function decodeClaim(data: unknown): ClaimData | undefined {
  const value = decodeData(data);
  if (value && typeof value === 'object' && typeof (value as ClaimData).stream === 'string') {
    return { stream: (value as ClaimData).stream };
  }
  return undefined;
}

export type AppendPlan =
  | { kind: 'multiStreamAppend'; requests: AppendStreamRequest[] }
  | { kind: 'appendRecords'; records: AppendRecordInput[]; checks: ConsistencyCheck[] };

/**
 * Builds the one atomic request for an append (every event validated and serialized by `validateAppend`).
 *
 * Idempotency claims: KurrentDB deduplicates event ids natively, but only per stream and by id alone (the same id with
 * other content is silently accepted as a duplicate, and the same id in another stream is written again). The port
 * requires both to fail with IdempotencyConflictError, and a retry to return the original result. So every event id is
 * claimed in the same atomic append: one small `EventIdClaimed` event (fresh random id, data `{stream}`) to the
 * stream `<ns>_eventid-<id>` with expected state `no_stream`. The first append of an id creates its claim; any later
 * append reusing the id fails on the claim's expectation, and the adapter then reads the claims and the original
 * events and lets `resolveRetry` decide (same stream, type and data → the original result, anything else → conflict).
 * This costs one extra record and stream per event; it is race-free because it rides on the server's atomic
 * expectation check. Claims come first in the request so the last record — whose position the server returns — is a
 * domain event.
 *
 * Read-only checks (and writes without events, which are checks too) need `appendRecords` (server ≥ 26.1), where
 * every expectation, including the writes', is a consistency check; `any` is no check at all (the v2 protocol has no
 * "any" sentinel). Without checks, `multiStreamAppend` (server ≥ 25.1) carries each stream's expected state.
 */
export function planAppend(
  events: readonly SerializedEvent[],
  writes: readonly StreamWrite[],
  checks: readonly StreamCheck[],
  ns: StreamNamespace,
  newId: () => string,
): AppendPlan {
  const claims: AppendRecordInput[] = events.map((e) => ({
    streamName: ns.claimStream(e.id),
    record: jsonEvent({ id: newId(), type: CLAIM_EVENT_TYPE, data: { stream: e.stream } satisfies ClaimData }),
  }));
  const domain = writes.map((w) => ({
    write: w,
    events: events
      .filter((e) => e.stream === w.stream)
      .map((e): EventData =>
        jsonEvent({
          id: e.id,
          type: e.type,
          data: JSON.parse(e.data) as JSONType,
          metadata: encodeMetadata(e.metadata),
        }),
      ),
  }));
  const readChecks: StreamCheck[] = [
    ...checks,
    ...domain.filter((d) => d.events.length === 0).map((d) => ({ stream: d.write.stream, expected: d.write.expected })),
  ].filter((c) => c.expected !== 'any');

  if (readChecks.length === 0) {
    return {
      kind: 'multiStreamAppend',
      requests: [
        ...claims.map((c): AppendStreamRequest => ({
          streamName: c.streamName,
          events: [c.record],
          expectedState: NO_STREAM,
        })),
        ...domain
          .filter((d) => d.events.length > 0)
          .map((d): AppendStreamRequest => ({
            streamName: ns.qualify(d.write.stream),
            events: d.events,
            expectedState: toStreamState(d.write.expected),
          })),
      ],
    };
  }

  const check = (stream: string, expected: ExpectedState): ConsistencyCheck => ({
    type: STREAM_STATE,
    streamName: stream,
    expectedState: toStreamState(expected),
  });
  return {
    kind: 'appendRecords',
    records: [
      ...claims,
      ...domain.flatMap((d) => d.events.map((record) => ({ streamName: ns.qualify(d.write.stream), record }))),
    ],
    // Order matters for error reporting: claims, then the read checks, then the writes' expectations (the memory
    // adapter asserts checks before writes, and the first violated non-claim check is the one reported).
    checks: [
      ...claims.map((c) => check(c.streamName, 'no_stream')),
      ...readChecks.map((c) => check(ns.qualify(c.stream), c.expected)),
      ...domain
        .filter((d) => d.events.length > 0 && d.write.expected !== 'any')
        .map((d) => check(ns.qualify(d.write.stream), d.write.expected)),
    ],
  };
}

/**
 * The port's result of a successful append. Written streams take their revision from the response; writes without
 * events take it from `emptyWriteRevisions` (looked up by the adapter; undefined = the stream has no events, which
 * leaves it out, as in the memory adapter).
 */
export function toAppendResult(
  response: MultiAppendResult,
  writes: readonly StreamWrite[],
  ns: StreamNamespace,
  emptyWriteRevisions: ReadonlyMap<string, bigint | undefined> = new Map(),
): AppendResult {
  const revisions = new Map(response.responses.map((r) => [r.streamName, r.revision]));
  const streams: AppendResult['streams'] = [];
  for (const write of writes) {
    const revision =
      write.events.length > 0 ? revisions.get(ns.qualify(write.stream)) : emptyWriteRevisions.get(write.stream);
    if (revision !== undefined) streams.push({ stream: write.stream, revision });
  }
  return { position: response.position, streams };
}

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

/** The connected server cannot do what was asked (e.g. appends with checks need KurrentDB ≥ 26.1). */
export class KurrentDbUnsupportedError extends Error {
  constructor(
    readonly feature: string,
    readonly minimumVersion: string,
    detail?: string,
  ) {
    super(
      `The KurrentDB server does not support ${feature} (needs KurrentDB ≥ ${minimumVersion})${detail ? `: ${detail}` : ''}`,
    );
    this.name = 'KurrentDbUnsupportedError';
  }
}

/** One failed expectation as the client reports it (stored stream names). */
export interface ExpectationViolation {
  stream: string;
  expected: AppendStreamState;
  actual: CurrentStreamState;
}

/**
 * The failed expectations in a client error, or undefined when it is not an expectation failure. Covers the
 * single-stream and multi-stream WrongExpectedVersionError (v1 trailer, v1 append response and v2
 * StreamRevisionConflict all become this class) and appendRecords' AppendConsistencyViolationError (ordered by
 * check index).
 */
export function expectationViolations(raw: unknown): ExpectationViolation[] | undefined {
  const error = normalize(raw);
  if (error instanceof KurrentWrongExpectedVersionError) {
    return [{ stream: error.streamName, expected: error.expectedState, actual: error.actualState }];
  }
  if (error instanceof AppendConsistencyViolationError) {
    return [...error.violations]
      .sort((a, b) => a.checkIndex - b.checkIndex)
      .map((v) => ({ stream: v.streamName, expected: v.expectedState, actual: v.actualState }));
  }
  return undefined;
}

/**
 * The port's WrongExpectedVersionError for the first violation on a domain stream (claim violations are resolved as
 * retries by the adapter before this is called). `expected` is the caller's own expectation for that stream when
 * known, so it is reported exactly as given.
 */
export function toWrongExpectedVersion(
  violations: readonly ExpectationViolation[],
  ns: StreamNamespace,
  expectedByStream: ReadonlyMap<string, ExpectedState>,
): WrongExpectedVersionError {
  const first = violations.find((v) => ns.unqualify(v.stream) !== undefined) ?? violations[0];
  if (!first) throw new Error('toWrongExpectedVersion needs at least one violation');
  const stream = ns.unqualify(first.stream) ?? first.stream;
  return new WrongExpectedVersionError(
    stream,
    expectedByStream.get(stream) ?? fromStreamState(first.expected),
    fromCurrentState(first.actual),
  );
}

export function expectedByStream(
  writes: readonly StreamWrite[],
  checks: readonly StreamCheck[],
): Map<string, ExpectedState> {
  return new Map([...checks, ...writes].map((c) => [c.stream, c.expected]));
}

const GRPC_UNIMPLEMENTED = 12;

/**
 * Some client paths let a raw gRPC ServiceError through (e.g. the server-features probe before a multi-stream
 * append); the client's own conversion turns it into its typed errors. Non-gRPC errors are returned unchanged.
 */
function normalize(error: unknown): unknown {
  return error instanceof Error ? convertToCommandError(error) : error;
}

/**
 * Maps a client error other than an expectation failure to the port's errors: connectivity → StoreUnavailableError,
 * size limits → EventTooLargeError / InvalidEventError, missing server features → KurrentDbUnsupportedError.
 * Anything else is returned unchanged.
 *
 * Capability detection: the client asks the server which gRPC methods it supports (ServerFeatures) and throws its
 * UnsupportedError before sending `multiStreamAppend` (< 25.1) or `appendRecords` (< 26.1); a server that lists the
 * method but does not implement it answers UNIMPLEMENTED. Both become KurrentDbUnsupportedError naming `feature`.
 */
export function toStoreError(raw: unknown, feature?: { name: string; minimumVersion: string }): unknown {
  const error = normalize(raw);
  if (error instanceof UnsupportedError) {
    return new KurrentDbUnsupportedError(
      feature?.name ?? error.feature,
      error.minimumVersion || feature?.minimumVersion || '?',
    );
  }
  if (feature && error instanceof Error && (error as { code?: unknown }).code === GRPC_UNIMPLEMENTED) {
    return new KurrentDbUnsupportedError(feature.name, feature.minimumVersion, error.message);
  }
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError ||
    error instanceof AccessDeniedError
  ) {
    return new StoreUnavailableError(STORE_NAME, error);
  }
  if (error instanceof AppendRecordSizeExceededError) {
    return new EventTooLargeError(error.recordId, error.size, error.maxSize);
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new InvalidEventError(
      `The append is larger than the KurrentDB server's maximum append size of ${error.maxAppendSize} bytes`,
    );
  }
  if (error instanceof TransactionMaxSizeExceededError) {
    return new InvalidEventError(
      `The append is ${error.size} bytes, larger than the KurrentDB server's maximum of ${error.maxSize} bytes`,
    );
  }
  return error;
}

export const MULTI_STREAM_APPEND = { name: 'atomic multi-stream appends (multiStreamAppend)', minimumVersion: '25.1' };
export const APPEND_WITH_CHECKS = { name: 'appends with consistency checks (appendRecords)', minimumVersion: '26.1' };
