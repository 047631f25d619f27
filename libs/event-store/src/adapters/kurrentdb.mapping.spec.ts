import { metadata } from '../../testing/event-fixtures';
import { randomUUID } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import { Metadata, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import {
  AppendConsistencyViolationError,
  convertToCommandError,
  EVENT_TYPE,
  MaxAppendSizeExceededError,
  START,
  STREAM_NAME,
  UnavailableError,
  UnknownError,
  UnsupportedError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  RegexFilter,
  PrefixesFilter,
} from '@kurrent/kurrentdb-client';
import { appendRecords } from '@kurrent/kurrentdb-client/dist/streams/appendToStream/appendRecords';
import { multiStreamAppend } from '@kurrent/kurrentdb-client/dist/streams/appendToStream/multiStreamAppend';
import { convertGrpcEvent } from '@kurrent/kurrentdb-client/dist/utils/convertGrpcEvent';
import { convertRustEvent } from '@kurrent/kurrentdb-client/dist/utils/convertRustEvent';
import { createUUID } from '@kurrent/kurrentdb-client/dist/utils/grpcUUID';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { StreamIdentifier } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import {
  AppendConsistencyViolationErrorDetails,
  AppendRecordSizeExceededErrorDetails,
  ConsistencyViolation,
  StreamRevisionConflictErrorDetails,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb';
import {
  AppendRecordsRequest,
  AppendRecordsResponse,
  AppendRequest,
  AppendResponse,
  AppendSessionResponse,
  StreamRevision,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { validateAppend } from '../append-validation';
import {
  EventTooLargeError,
  InvalidEventError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from '../event-store.errors';
import type { ExpectedState, NewEvent, RecordedEvent, StreamCheck, StreamWrite } from '../event-store.port';
import { adaptClientSubscription } from './kurrentdb.event-store';
import {
  APPEND_WITH_CHECKS,
  CLAIM_EVENT_TYPE,
  decodeClaim,
  decodeMetadata,
  escapeRegex,
  expectationViolations,
  expectedByStream,
  fromCurrentState,
  fromPosition,
  fromStreamState,
  knownPosition,
  KurrentDbUnsupportedError,
  METADATA_PROPERTY,
  MULTI_STREAM_APPEND,
  planAppend,
  readPositionAfter,
  serverFilter,
  StreamNamespace,
  toAppendResult,
  toPosition,
  toRecordedEvent,
  toRecordedEventDraft,
  toStoreError,
  toStreamState,
  toWrongExpectedVersion,
} from './kurrentdb.mapping';
import type { AppendPlan, ClientResolvedEvent } from './kurrentdb.mapping';

const NS = new StreamNamespace('t42_');
const ROOT = new StreamNamespace();

const meta = metadata;

function event(accountId = 'acc1', type = 'ThingHappened', data: unknown = { n: 1 }): NewEvent {
  return { id: randomUUID(), type, data, metadata: meta(accountId) };
}

/** A gRPC ServiceError as grpc-js produces it, optionally with KurrentDB's rich status details. */
function serviceError(
  code: status,
  details?: { typeName: string; value: Uint8Array },
  trailers: Record<string, string> = {},
) {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  if (details) {
    const any = new Any();
    any.setTypeUrl(`type.googleapis.com/${details.typeName}`);
    any.setValue(details.value);
    const rich = new Status();
    rich.setCode(code as number);
    rich.setMessage('rejected');
    rich.setDetails(any);
    metadata.set('grpc-status-details-bin', Buffer.from(rich.serializeBinary()));
  }
  return Object.assign(new Error(`${code} rejected`), { code, details: 'rejected', metadata }) as ServiceError;
}

function revisionConflict(stream: string, expected: string, actual: string): unknown {
  const details = new StreamRevisionConflictErrorDetails();
  details.setStream(stream);
  details.setExpectedRevision(expected);
  details.setActualRevision(actual);
  return convertToCommandError(
    serviceError(status.FAILED_PRECONDITION, {
      typeName: 'kurrentdb.protocol.v2.streams.errors.StreamRevisionConflictErrorDetails',
      value: details.serializeBinary(),
    }),
  );
}

function consistencyViolation(
  violations: { index: number; stream: string; expected: string; actual: string }[],
): unknown {
  const details = new AppendConsistencyViolationErrorDetails();
  for (const v of violations) {
    const state = new ConsistencyViolation.StreamStateViolation();
    state.setStream(v.stream);
    state.setExpectedState(v.expected);
    state.setActualState(v.actual);
    const violation = new ConsistencyViolation();
    violation.setCheckIndex(v.index);
    violation.setStreamState(state);
    details.addViolations(violation);
  }
  return convertToCommandError(
    serviceError(status.FAILED_PRECONDITION, {
      typeName: 'kurrentdb.protocol.v2.streams.errors.AppendConsistencyViolationErrorDetails',
      value: details.serializeBinary(),
    }),
  );
}

describe('StreamNamespace', () => {
  it('prefixes stored names and strips the prefix on read', () => {
    expect(NS.qualify('label-acc1.1000')).toBe('t42_label-acc1.1000');
    expect(NS.unqualify('t42_label-acc1.1000')).toBe('label-acc1.1000');
    expect(ROOT.qualify('label-acc1.1000')).toBe('label-acc1.1000');
    expect(ROOT.unqualify('label-acc1.1000')).toBe('label-acc1.1000');
  });

  it('does not see other namespaces, system streams or claim streams as domain streams', () => {
    expect(NS.unqualify('t43_label-acc1.1000')).toBeUndefined();
    expect(NS.unqualify('label-acc1.1000')).toBeUndefined();
    expect(ROOT.unqualify('$stats-127.0.0.1:2113')).toBeUndefined();
    expect(ROOT.unqualify('$$label-acc1.1')).toBeUndefined();
    const claim = NS.claimStream('3F2504E0-4F89-11D3-9A0C-0305E82C3301');
    expect(claim).toBe('t42__eventid-3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(NS.isClaimStream(claim)).toBe(true);
    expect(NS.unqualify(claim)).toBeUndefined();
    expect(ROOT.unqualify(ROOT.claimStream(randomUUID()))).toBeUndefined();
  });

  it('builds a server regex that keeps exactly its domain streams', () => {
    const regex = new RegExp(NS.domainStreamRegex());
    expect(regex.test('t42_label-acc1.1000')).toBe(true);
    expect(regex.test('t42__eventid-x')).toBe(false);
    expect(regex.test('t43_label-acc1.1000')).toBe(false);
    expect(regex.test('$ce-t42_label')).toBe(false);
    const root = new RegExp(ROOT.domainStreamRegex());
    expect(root.test('label-acc1.1')).toBe(true);
    expect(root.test('$streams')).toBe(false);
    expect(root.test('_eventid-x')).toBe(false);
  });

  it('refuses namespaces that could not be used safely in names and filters', () => {
    expect(() => new StreamNamespace('a-b')).toThrow(/namespace/);
    expect(() => new StreamNamespace('x'.repeat(65))).toThrow(/namespace/);
    expect(() => new StreamNamespace('$x')).toThrow(/namespace/);
  });
});

describe('expected states', () => {
  it('maps every port expectation to the client constant and back', () => {
    const cases: [ExpectedState, unknown][] = [
      ['any', 'any'],
      ['no_stream', 'no_stream'],
      ['exists', 'stream_exists'],
      [0n, 0n],
      [41n, 41n],
    ];
    for (const [ours, theirs] of cases) {
      expect(toStreamState(ours)).toBe(theirs);
      expect(fromStreamState(toStreamState(ours))).toBe(ours);
    }
  });

  it('decodes the raw wire numbers some client paths report', () => {
    expect(fromStreamState(-1n)).toBe('no_stream');
    expect(fromStreamState(-2n)).toBe('any');
    expect(fromStreamState(-4n)).toBe('exists');
  });

  it('reads the actual state as a revision or "no stream"', () => {
    expect(fromCurrentState('no_stream')).toBeUndefined();
    expect(fromCurrentState(undefined)).toBeUndefined();
    expect(fromCurrentState(-1n)).toBeUndefined();
    expect(fromCurrentState(-5n)).toBeUndefined();
    expect(fromCurrentState(0n)).toBe(0n);
    expect(fromCurrentState(7n)).toBe(7n);
  });
});

describe('positions', () => {
  it('uses the commit position and resumes from {commit: p, prepare: p}', () => {
    expect(toPosition(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
    expect(fromPosition({ commit: 1234n, prepare: 1234n })).toBe(1234n);
    expect(fromPosition(toPosition(2n ** 40n))).toBe(2n ** 40n);
  });

  it('starts at the beginning for no checkpoint or 0n', () => {
    expect(readPositionAfter(undefined)).toBe(START);
    expect(readPositionAfter(0n)).toBe(START);
    expect(readPositionAfter(99n)).toEqual({ commit: 99n, prepare: 99n });
  });

  it('treats missing and placeholder positions as unknown', () => {
    expect(knownPosition(undefined)).toBeUndefined();
    expect(knownPosition({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toBeUndefined();
    expect(knownPosition({ commit: -1n, prepare: -1n })).toBeUndefined();
    expect(knownPosition({ commit: 5n, prepare: 5n })).toBe(5n);
  });
});

describe('metadata', () => {
  it('round-trips through the single string property the v2 appends require', () => {
    const m = meta('acc1', {
      actor: 'usér-ß',
      route: 'PUT /crm/v4/…',
      importId: 'imp-1',
      schemaVersion: 2,
      nested: { a: [1, null] },
    });
    const [serialized] = validateAppend(
      [{ stream: 'thing-acc1.1', expected: 'any', events: [{ ...event(), metadata: m }] }],
      [],
    );
    const props = (planFor([{ stream: 'thing-acc1.1', expected: 'any', events: [serialized!.event] }]) as MultiPlan)
      .requests[1]!.events[0]!.metadata as Record<string, unknown>;
    expect(Object.values(props).every((v) => typeof v === 'string')).toBe(true);
    // The server synthesizes JSON metadata from the properties and may add its own `$` properties.
    expect(decodeMetadata({ ...props, '$schema.name': 'ThingHappened', '$schema.format': 'Json' }, 'x')).toEqual(m);
  });

  it('reads plain JSON metadata written by other tools, without system properties', () => {
    const m = meta('acc1');
    expect(decodeMetadata({ ...m, $correlationId: 'c' }, 'x')).toEqual(m);
    expect(decodeMetadata(new Uint8Array(Buffer.from(JSON.stringify(m))), 'x')).toEqual(m);
  });

  it('refuses events without readable metadata', () => {
    expect(() => decodeMetadata(undefined, 'e1')).toThrow(InvalidEventError);
    expect(() => decodeMetadata(new Uint8Array([1, 2, 3]), 'e1')).toThrow(/e1/);
    expect(() => decodeMetadata({ [METADATA_PROPERTY]: 'not json' }, 'e1')).toThrow(InvalidEventError);
    expect(() => decodeMetadata({ actor: 'x' }, 'e1')).toThrow(InvalidEventError);
  });
});

describe('recorded events', () => {
  const created = new Date('2025-03-04T05:06:07.891Z');
  const data = { text: 'Zoë 🚀 日本語 "q" \\ \n', nested: { list: [1, null, true, 'ü'] } };
  const m = meta('acc1', { schemaVersion: 3, importId: 'imp-9' });

  /** What the Rust bridge (stream and $all reads) hands the client for a stored event. */
  function bridgeRecord(overrides: Record<string, unknown> = {}) {
    return {
      event: {
        type: 'ThingHappened',
        streamId: 't42_thing-acc1.7',
        id: 'a4f9c3b6-0a2e-4c3b-8f0e-3d2a1b0c9d8e',
        created: created.getTime(),
        revision: 3n,
        metadata: Buffer.from(
          JSON.stringify({ [METADATA_PROPERTY]: JSON.stringify(m), '$schema.name': 'ThingHappened' }),
        ),
        isJson: true,
        data: Buffer.from(JSON.stringify(data)),
        position: { commit: 9000n, prepare: 9000n },
        ...overrides,
      },
    };
  }

  /** What a subscription receives on the wire (v1 ReadResp.ReadEvent), converted by the client. */
  function wireEvent(stream: string, type: string, position: bigint): ClientResolvedEvent {
    const record = new ReadResp.ReadEvent.RecordedEvent();
    record.setId(createUUID('a4f9c3b6-0a2e-4c3b-8f0e-3d2a1b0c9d8e'));
    const identifier = new StreamIdentifier();
    identifier.setStreamName(Buffer.from(stream));
    record.setStreamIdentifier(identifier);
    record.setStreamRevision('3');
    record.setCommitPosition(position.toString());
    record.setPreparePosition(position.toString());
    record.getMetadataMap().set('type', type);
    record.getMetadataMap().set('content-type', 'application/json');
    record
      .getMetadataMap()
      .set('created', (BigInt(created.getTime()) * 10_000n).toString() /* .NET ticks since the Unix epoch */);
    record.setCustomMetadata(Buffer.from(JSON.stringify({ [METADATA_PROPERTY]: JSON.stringify(m) })));
    record.setData(Buffer.from(JSON.stringify(data)));
    const read = new ReadResp.ReadEvent();
    read.setEvent(record);
    return convertGrpcEvent(read) as ClientResolvedEvent;
  }

  const expected: RecordedEvent = {
    id: 'a4f9c3b6-0a2e-4c3b-8f0e-3d2a1b0c9d8e',
    type: 'ThingHappened',
    data,
    metadata: m,
    streamName: 'thing-acc1.7',
    revision: 3n,
    position: 9000n,
    recordedAt: '2025-03-04T05:06:07.891Z',
  };

  it('converts what a read returns (client conversion of a bridge record)', () => {
    expect(toRecordedEvent(convertRustEvent(bridgeRecord() as never) as ClientResolvedEvent, NS)).toEqual(expected);
  });

  it('converts what a subscription receives (client conversion of the wire message)', () => {
    const converted = wireEvent('t42_thing-acc1.7', 'ThingHappened', 9000n);
    expect(toRecordedEvent(converted, NS)).toEqual(expected);
  });

  it('skips system events, links, claims and other namespaces', () => {
    expect(toRecordedEvent(wireEvent('$stats-node', 'ThingHappened', 1n), ROOT)).toBeUndefined();
    expect(toRecordedEvent(wireEvent('t42_thing-acc1.7', '$metadata', 1n), NS)).toBeUndefined();
    expect(toRecordedEvent(wireEvent('t42__eventid-abc', CLAIM_EVENT_TYPE, 1n), NS)).toBeUndefined();
    expect(toRecordedEvent(wireEvent('t43_thing-acc1.7', 'ThingHappened', 1n), NS)).toBeUndefined();
    expect(toRecordedEvent({}, NS)).toBeUndefined();
    const link = { ...(wireEvent('t42_thing-acc1.7', 'ThingHappened', 1n) as object), link: {} };
    expect(toRecordedEvent(link, NS)).toBeUndefined();
  });

  it('requires the $all position', () => {
    const noPosition = convertRustEvent(bridgeRecord({ position: undefined }) as never) as ClientResolvedEvent;
    expect(toRecordedEventDraft(noPosition, NS)?.position).toBeUndefined();
    expect(() => toRecordedEvent(noPosition, NS)).toThrow(/position/);
  });

  it('reads non-JSON payloads as JSON text', () => {
    const binary = convertRustEvent(bridgeRecord({ isJson: false }) as never) as ClientResolvedEvent;
    expect(toRecordedEvent(binary, NS)?.data).toEqual(data);
  });
});

describe('server filters', () => {
  it('turns categories into namespaced stream-name prefixes', () => {
    const filter = serverFilter(
      { categories: ['label', 'links'], eventTypes: ['LabelCreated'], accountId: 'acc1' },
      NS,
    );
    expect(filter.filterOn).toBe(STREAM_NAME);
    expect((filter as PrefixesFilter).prefixes).toEqual(['t42_label-', 't42_links-']);
  });

  it('turns event types into an exact-match regex', () => {
    const filter = serverFilter({ eventTypes: ['LabelCreated', 'a.b:c-d'] }, NS) as RegexFilter;
    expect(filter.filterOn).toBe(EVENT_TYPE);
    const regex = new RegExp(filter.regex);
    expect(regex.test('LabelCreated')).toBe(true);
    expect(regex.test('a.b:c-d')).toBe(true);
    expect(regex.test('LabelCreatedV2')).toBe(false);
    expect(regex.test('xLabelCreated')).toBe(false);
    expect(regex.test('aXb:c-d')).toBe(false);
  });

  it('otherwise keeps the namespace’s domain streams', () => {
    for (const filter of [undefined, {}, { accountId: 'acc1' }, { categories: [], eventTypes: [] }]) {
      const f = serverFilter(filter, NS) as RegexFilter;
      expect(f.filterOn).toBe(STREAM_NAME);
      expect(f.regex).toBe(NS.domainStreamRegex());
    }
  });

  it('escapes regex metacharacters', () => {
    expect(new RegExp(`^${escapeRegex('a.b*c?(d)[e]{f}|g^h$i\\j/k-l+')}$`).test('a.b*c?(d)[e]{f}|g^h$i\\j/k-l+')).toBe(
      true,
    );
  });
});

type MultiPlan = Extract<AppendPlan, { kind: 'multiStreamAppend' }>;
type RecordsPlan = Extract<AppendPlan, { kind: 'appendRecords' }>;

function planFor(writes: StreamWrite[], checks: StreamCheck[] = [], ns = ROOT): AppendPlan {
  let n = 0;
  return planAppend(
    validateAppend(writes, checks),
    writes,
    checks,
    ns,
    () => `00000000-0000-4000-8000-00000000000${n++}`,
  );
}

/** Runs the client's real multiStreamAppend serialization against a captured gRPC session. */
async function sendMultiStreamAppend(plan: MultiPlan, response: AppendSessionResponse) {
  const sent: AppendRequest[] = [];
  const grpc = {
    appendSession: (...args: unknown[]) => {
      const done = args[args.length - 1] as (e: Error | null, r?: AppendSessionResponse) => void;
      return new Writable({
        objectMode: true,
        write(message: AppendRequest, _enc, next) {
          sent.push(message);
          next();
        },
        final(next) {
          done(null, response);
          next();
        },
      });
    },
  };
  const client = {
    execute: (_c: unknown, _n: string, action: (g: typeof grpc) => unknown) => action(grpc),
    callArguments: () => [],
  };
  const result = await multiStreamAppend.call(client as never, plan.requests);
  return { sent, result };
}

/** Runs the client's real appendRecords serialization against a captured gRPC call. */
async function sendAppendRecords(plan: RecordsPlan, response: AppendRecordsResponse) {
  let sent: AppendRecordsRequest | undefined;
  const grpc = {
    appendRecords: (request: AppendRecordsRequest, ...args: unknown[]) => {
      sent = request;
      (args[args.length - 1] as (e: Error | null, r?: AppendRecordsResponse) => void)(null, response);
    },
  };
  const client = {
    execute: (_c: unknown, _n: string, action: (g: typeof grpc) => unknown) => action(grpc),
    callArguments: () => [],
  };
  const result = await appendRecords.call(client as never, plan.records, plan.checks);
  return { sent: sent!, result };
}

function json(data: Uint8Array | string): unknown {
  return JSON.parse(
    typeof data === 'string' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data).toString('utf8'),
  );
}

describe('planAppend', () => {
  const s1 = 'links-acc1.0-1.1';
  const s2 = 'links-acc1.0-2.7';

  it('without checks: one multi-stream append, claims first, then the writes in order with their expectations', async () => {
    const e1 = event('acc1', 'LinkAdded', { n: 1 });
    const e2 = event('acc1', 'LinkAdded', { n: 2 });
    const e3 = event('acc1', 'LinkRemoved', { n: 3 });
    const writes: StreamWrite[] = [
      { stream: s1, expected: 'no_stream', events: [e1, e2] },
      { stream: s2, expected: 4n, events: [e3] },
    ];
    const plan = planFor(writes, [{ stream: 'label-acc1.1', expected: 'any' }], NS);
    expect(plan.kind).toBe('multiStreamAppend');

    const response = new AppendSessionResponse();
    response.setPosition('5120');
    for (const [stream, revision] of [
      [NS.qualify(s1), '1'],
      [NS.qualify(s2), '5'],
    ]) {
      const output = new AppendResponse();
      output.setStream(stream!);
      output.setStreamRevision(revision!);
      response.addOutput(output);
    }
    const { sent, result } = await sendMultiStreamAppend(plan as MultiPlan, response);

    expect(sent.map((r) => [r.getStream(), r.getExpectedRevision()])).toEqual([
      [NS.claimStream(e1.id), '-1'],
      [NS.claimStream(e2.id), '-1'],
      [NS.claimStream(e3.id), '-1'],
      ['t42_links-acc1.0-1.1', '-1'],
      ['t42_links-acc1.0-2.7', '4'],
    ]);
    const claim = sent[0]!.getRecordsList()[0]!;
    expect(claim.getSchema()!.getName()).toBe(CLAIM_EVENT_TYPE);
    expect(claim.getRecordId()).toBe('00000000-0000-4000-8000-000000000000');
    expect(decodeClaim(json(claim.getData()))).toEqual({ stream: s1 });
    const records = sent[3]!.getRecordsList();
    expect(records.map((r) => [r.getRecordId(), r.getSchema()!.getName(), json(r.getData())])).toEqual([
      [e1.id, 'LinkAdded', { n: 1 }],
      [e2.id, 'LinkAdded', { n: 2 }],
    ]);
    const property = records[0]!.getPropertiesMap().get(METADATA_PROPERTY)!.getStringValue();
    expect(JSON.parse(property)).toEqual(e1.metadata);

    expect(toAppendResult(result, writes, NS)).toEqual({
      position: 5120n,
      streams: [
        { stream: s1, revision: 1n },
        { stream: s2, revision: 5n },
      ],
    });
  });

  it('maps "exists" and "any" on writes to the wire sentinels', async () => {
    const plan = planFor([
      { stream: s1, expected: 'exists', events: [event()] },
      { stream: s2, expected: 'any', events: [event()] },
    ]) as MultiPlan;
    const { sent } = await sendMultiStreamAppend(plan, new AppendSessionResponse());
    expect(sent.slice(2).map((r) => r.getExpectedRevision())).toEqual(['-4', '-2']);
  });

  it('with checks: appendRecords, claims then writes as records, and every non-"any" expectation as a check', async () => {
    const e1 = event();
    const e2 = event();
    const writes: StreamWrite[] = [
      { stream: s1, expected: 'any', events: [e1] },
      { stream: s2, expected: 0n, events: [e2] },
      { stream: 'links-acc1.0-3.3', expected: 'exists', events: [] },
    ];
    const checks: StreamCheck[] = [
      { stream: 'label-acc1.1000', expected: 1n },
      { stream: 'label-acc1.9', expected: 'any' },
      { stream: 'label-acc1.8', expected: 'no_stream' },
    ];
    const plan = planFor(writes, checks, NS);
    expect(plan.kind).toBe('appendRecords');

    const response = new AppendRecordsResponse();
    response.setPosition('777');
    for (const [stream, revision] of [
      [NS.qualify(s1), '3'],
      [NS.qualify(s2), '1'],
    ]) {
      const r = new StreamRevision();
      r.setStream(stream!);
      r.setRevision(revision!);
      response.addRevisions(r);
    }
    const { sent, result } = await sendAppendRecords(plan as RecordsPlan, response);

    expect(sent.getRecordsList().map((r) => [r.getStream(), r.getSchema()!.getName()])).toEqual([
      [NS.claimStream(e1.id), CLAIM_EVENT_TYPE],
      [NS.claimStream(e2.id), CLAIM_EVENT_TYPE],
      ['t42_links-acc1.0-1.1', 'ThingHappened'],
      ['t42_links-acc1.0-2.7', 'ThingHappened'],
    ]);
    expect(
      sent.getChecksList().map((c) => [c.getStreamState()!.getStream(), c.getStreamState()!.getExpectedState()]),
    ).toEqual([
      [NS.claimStream(e1.id), '-1'],
      [NS.claimStream(e2.id), '-1'],
      ['t42_label-acc1.1000', '1'],
      ['t42_label-acc1.8', '-1'],
      ['t42_links-acc1.0-3.3', '-4'],
      ['t42_links-acc1.0-2.7', '0'],
    ]);
    expect(toAppendResult(result, writes, NS, new Map([['links-acc1.0-3.3', 12n]]))).toEqual({
      position: 777n,
      streams: [
        { stream: s1, revision: 3n },
        { stream: s2, revision: 1n },
        { stream: 'links-acc1.0-3.3', revision: 12n },
      ],
    });
  });

  it('a write without events is a check', () => {
    const plan = planFor([
      { stream: s1, expected: 'no_stream', events: [event()] },
      { stream: s2, expected: 2n, events: [] },
    ]) as RecordsPlan;
    expect(plan.kind).toBe('appendRecords');
    expect(plan.checks.map((c) => [c.streamName, c.expectedState])).toContainEqual([s2, 2n]);
    expect(plan.records.map((r) => r.streamName)).not.toContain(s2);
  });

  it('takes claim ids from the generator (fresh per attempt) and keeps the events’ own ids', () => {
    const e = event();
    const writes: StreamWrite[] = [{ stream: s1, expected: 'any', events: [e] }];
    const plans = [1, 2].map(
      (attempt) => planAppend(validateAppend(writes, []), writes, [], ROOT, () => `claim-${attempt}`) as MultiPlan,
    );
    expect(plans.map((p) => p.requests[0]!.events[0]!.id)).toEqual(['claim-1', 'claim-2']);
    expect(plans.map((p) => p.requests[1]!.events[0]!.id)).toEqual([e.id, e.id]);
  });
});

describe('expectation failures', () => {
  const stream = 'thing-acc1.matrix';
  const stored = NS.qualify(stream);

  it('maps the single-stream append error (v1 append response)', () => {
    const error = new KurrentWrongExpectedVersionError(undefined, {
      streamName: stored,
      expected: 'no_stream',
      current: 2n,
    });
    const mapped = toWrongExpectedVersion(expectationViolations(error)!, NS, new Map([[stream, 'no_stream']]));
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ stream, expected: 'no_stream', actual: 2n, code: 'WRONG_EXPECTED_VERSION' });
    expect(mapped.message).toContain(stream);
  });

  it('maps the v1 wrong-expected-version trailer (raw numbers)', () => {
    const error = convertToCommandError(
      serviceError(status.FAILED_PRECONDITION, undefined, {
        exception: 'wrong-expected-version',
        'stream-name': stored,
        'expected-version': '-4',
      }),
    );
    expect(error).toBeInstanceOf(KurrentWrongExpectedVersionError);
    const mapped = toWrongExpectedVersion(expectationViolations(error)!, NS, new Map());
    expect(mapped).toMatchObject({ stream, expected: 'exists', actual: undefined });
  });

  it('maps the multi-stream revision conflict (v2 status details)', () => {
    const missing = revisionConflict(stored, '-4', '-1');
    expect(missing).toBeInstanceOf(KurrentWrongExpectedVersionError);
    expect(toWrongExpectedVersion(expectationViolations(missing)!, NS, new Map([[stream, 'exists']]))).toMatchObject({
      stream,
      expected: 'exists',
      actual: undefined,
    });
    const behind = revisionConflict(stored, '5', '2');
    expect(toWrongExpectedVersion(expectationViolations(behind)!, NS, new Map([[stream, 5n]]))).toMatchObject({
      stream,
      expected: 5n,
      actual: 2n,
    });
  });

  it('reports the caller’s own expectation, whatever the server echoes', () => {
    const error = revisionConflict(stored, '-2', '3');
    expect(
      toWrongExpectedVersion(
        expectationViolations(error)!,
        NS,
        expectedByStream([{ stream, expected: 2n, events: [] }], []),
      ),
    ).toMatchObject({
      expected: 2n,
      actual: 3n,
    });
  });

  it('maps consistency violations (appendRecords): first non-claim violation by check index', () => {
    const error = consistencyViolation([
      { index: 3, stream: NS.qualify('links-acc1.0-1.1'), expected: '-1', actual: '0' },
      { index: 0, stream: NS.claimStream(randomUUID()), expected: '-1', actual: '0' },
      { index: 1, stream: NS.qualify('label-acc1.1000'), expected: '0', actual: '1' },
    ]);
    expect(error).toBeInstanceOf(AppendConsistencyViolationError);
    const violations = expectationViolations(error)!;
    expect(violations.map((v) => v.expected)).toEqual(['no_stream', 0n, 'no_stream']);
    const mapped = toWrongExpectedVersion(violations, NS, new Map<string, ExpectedState>([['label-acc1.1000', 0n]]));
    expect(mapped).toMatchObject({ stream: 'label-acc1.1000', expected: 0n, actual: 1n });
  });

  it('treats a deleted or missing stream as "no stream"', () => {
    const error = consistencyViolation([
      { index: 0, stream: NS.qualify('label-acc1.9'), expected: '-4', actual: '-1' },
    ]);
    expect(toWrongExpectedVersion(expectationViolations(error)!, NS, new Map())).toMatchObject({
      stream: 'label-acc1.9',
      expected: 'exists',
      actual: undefined,
    });
  });

  it('is not an expectation failure for other errors', () => {
    expect(expectationViolations(new UnavailableError())).toBeUndefined();
    expect(expectationViolations(new Error('boom'))).toBeUndefined();
  });
});

describe('other client errors', () => {
  it('a missing server feature becomes a clear unsupported error', () => {
    const mapped = toStoreError(new UnsupportedError('appendRecords', '26.1'), APPEND_WITH_CHECKS);
    expect(mapped).toBeInstanceOf(KurrentDbUnsupportedError);
    expect((mapped as Error).message).toMatch(/consistency checks.*26\.1/);
    const unimplemented = convertToCommandError(serviceError(status.UNIMPLEMENTED));
    expect(unimplemented).toBeInstanceOf(UnknownError);
    const mappedUnimplemented = toStoreError(unimplemented, MULTI_STREAM_APPEND);
    expect(mappedUnimplemented).toBeInstanceOf(KurrentDbUnsupportedError);
    expect((mappedUnimplemented as Error).message).toMatch(/multi-stream.*25\.1/);
  });

  it('connectivity problems become StoreUnavailableError', () => {
    for (const code of [status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.UNAUTHENTICATED]) {
      const mapped = toStoreError(convertToCommandError(serviceError(code)));
      expect(mapped).toBeInstanceOf(StoreUnavailableError);
      expect(mapped).toMatchObject({ code: 'STORE_UNAVAILABLE', store: 'kurrentdb' });
    }
  });

  it('also maps raw gRPC errors the client lets through (e.g. from its server-features probe)', () => {
    const raw = serviceError(status.UNAVAILABLE);
    expect(toStoreError(raw)).toBeInstanceOf(StoreUnavailableError);
    expect(toStoreError(serviceError(status.UNIMPLEMENTED), APPEND_WITH_CHECKS)).toBeInstanceOf(
      KurrentDbUnsupportedError,
    );
    const conflict = serviceError(status.FAILED_PRECONDITION, undefined, {
      exception: 'wrong-expected-version',
      'stream-name': 'thing-acc1.1',
      'expected-version': '3',
      'actual-version': '4',
    });
    expect(expectationViolations(conflict)).toEqual([{ stream: 'thing-acc1.1', expected: 3n, actual: 4n }]);
  });

  it('size limits become EventTooLargeError or InvalidEventError naming the limit', () => {
    const details = new AppendRecordSizeExceededErrorDetails();
    details.setStream('thing-acc1.big');
    details.setRecordId('e1');
    details.setSize(3_000_000);
    details.setMaxSize(2_097_152);
    const tooBig = toStoreError(
      convertToCommandError(
        serviceError(status.INVALID_ARGUMENT, {
          typeName: 'kurrentdb.protocol.v2.streams.errors.AppendRecordSizeExceededErrorDetails',
          value: details.serializeBinary(),
        }),
      ),
    );
    expect(tooBig).toBeInstanceOf(EventTooLargeError);
    expect(tooBig).toMatchObject({ eventId: 'e1', size: 3_000_000, limit: 2_097_152 });
    const append = toStoreError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576));
    expect(append).toBeInstanceOf(InvalidEventError);
    expect((append as Error).message).toContain('1048576');
  });

  it('leaves anything else unchanged', () => {
    const error = new Error('boom');
    expect(toStoreError(error)).toBe(error);
  });
});

describe('adaptClientSubscription', () => {
  const ns = NS;

  function resolved(position: bigint, stream = 't42_thing-acc1.1', type = 'ThingHappened'): AllStreamResolvedEvent {
    return {
      event: {
        streamId: stream,
        id: randomUUID(),
        revision: 0n,
        type,
        created: new Date(0),
        data: { n: Number(position) },
        metadata: { [METADATA_PROPERTY]: JSON.stringify(meta('acc1')) },
        isJson: true,
        position: toPosition(position),
      },
    } as AllStreamResolvedEvent;
  }

  /** A stand-in for the client's subscription: an object-mode stream that emits `caughtUp` like the client does. */
  function source() {
    const stream = new PassThrough({ objectMode: true }) as PassThrough & {
      unsubscribe(): Promise<void>;
      unsubscribed: boolean;
    };
    stream.unsubscribed = false;
    stream.unsubscribe = async () => {
      stream.unsubscribed = true;
    };
    return stream;
  }

  function adapt(src: ReturnType<typeof source>, after?: bigint) {
    return adaptClientSubscription({
      open: () => src as unknown as AllStreamSubscription,
      after,
      convert: (r) => toRecordedEvent(r as ClientResolvedEvent, ns),
    });
  }

  async function next(it: AsyncIterator<RecordedEvent>) {
    const r = await it.next();
    return r.done ? undefined : r.value.position;
  }

  it('never delivers the checkpoint or anything before it, and skips what is not ours', async () => {
    const src = source();
    const sub = adapt(src, 20n);
    const it = sub[Symbol.asyncIterator]();
    src.write(resolved(10n));
    src.write(resolved(20n));
    src.write(resolved(25n, 't42__eventid-x', CLAIM_EVENT_TYPE));
    src.write(resolved(26n, '$stats', '$statsCollected'));
    src.write(resolved(30n));
    src.write(resolved(30n)); // a duplicate delivery is dropped too
    src.write(resolved(40n));
    expect(await next(it)).toBe(30n);
    expect(await next(it)).toBe(40n);
    await sub.close();
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('resolves caughtUp only once the events received before the signal were handed over', async () => {
    const src = source();
    const sub = adapt(src);
    let caughtUp = false;
    void sub.caughtUp.then(() => (caughtUp = true));
    const it = sub[Symbol.asyncIterator]();
    const first = it.next();
    src.write(resolved(1n));
    src.write(resolved(2n));
    src.write(resolved(3n));
    await new Promise((r) => setImmediate(r));
    src.emit('caughtUp', {});
    src.write(resolved(4n)); // live
    expect((await first).value?.position).toBe(1n);
    await new Promise((r) => setImmediate(r));
    expect(caughtUp).toBe(false);
    expect(await next(it)).toBe(2n);
    expect(caughtUp).toBe(false);
    expect(await next(it)).toBe(3n);
    const live = next(it);
    await sub.caughtUp;
    expect(await live).toBe(4n);
    await sub.close();
  });

  it('resolves caughtUp at once when nothing was pending, and close() ends a waiting iteration', async () => {
    const src = source();
    const sub = adapt(src);
    const got: bigint[] = [];
    const done = (async () => {
      for await (const e of sub) got.push(e.position);
    })();
    await new Promise((r) => setImmediate(r));
    src.emit('caughtUp', {});
    await sub.caughtUp;
    await sub.close();
    await done;
    expect(got).toEqual([]);
    expect(src.unsubscribed).toBe(true);
    expect(src.destroyed).toBe(true);
  });

  it('breaking out of the loop unsubscribes', async () => {
    const src = source();
    const sub = adapt(src);
    src.write(resolved(1n));
    for await (const _e of sub) break;
    expect(src.unsubscribed).toBe(true);
  });

  it('surfaces a dropped connection as StoreUnavailableError', async () => {
    const src = source();
    const sub = adapt(src);
    const it = sub[Symbol.asyncIterator]();
    const pending = it.next();
    src.destroy(new UnavailableError());
    await expect(pending).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('can be iterated once, and close() before iterating opens nothing', async () => {
    let opened = 0;
    const sub = adaptClientSubscription({
      open: () => {
        opened++;
        return source() as unknown as AllStreamSubscription;
      },
      convert: () => undefined,
    });
    sub[Symbol.asyncIterator]();
    expect(() => sub[Symbol.asyncIterator]()).toThrow(/once/);
    await sub.close();
    expect(opened).toBe(0);
  });
});
