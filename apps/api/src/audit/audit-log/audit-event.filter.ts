import { parseStreamName, type RecordedEvent } from '@app/event-store';

/**
 * What an auditor narrows the account's log to. Every criterion given must hold. Times are compared with the time
 * the store recorded the event (every event has one; domain times differ per event type).
 */
export interface AuditEventFilter {
  /** Any of these event types. */
  types?: readonly string[];
  /** `metadata.actor` exactly: a user id, or a process name. */
  actor?: string;
  /** Inclusive, epoch milliseconds. */
  from?: number;
  /** Exclusive, epoch milliseconds. */
  to?: number;
  /** Events that concern a record of this type (and, with `objectId`, that record). */
  objectTypeId?: string;
  objectId?: string;
}

/** Streams that belong to one record: `<category>-<account>.<objectTypeId>.<recordId>`. */
const RECORD_STREAM_CATEGORIES = new Set(['record', 'links']);

export function matchesAuditFilter(event: RecordedEvent, filter: AuditEventFilter): boolean {
  if (filter.types !== undefined && !filter.types.includes(event.type)) return false;
  if (filter.actor !== undefined && event.metadata.actor !== filter.actor) return false;
  if (filter.from !== undefined || filter.to !== undefined) {
    const at = Date.parse(event.recordedAt);
    if (filter.from !== undefined && at < filter.from) return false;
    if (filter.to !== undefined && at >= filter.to) return false;
  }
  if (filter.objectTypeId !== undefined && !concernsRecord(event, filter.objectTypeId, filter.objectId)) return false;
  return true;
}

/** Whether any criterion is given at all: without one, every event of the account is in the answer. */
export function isFiltering(filter: AuditEventFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined);
}

/**
 * An event concerns a record when it is on the record's own stream or its links stream, or when its data names the
 * record (`objectTypeId`/`recordId`: record, unique-value and links events; `toObjectTypeId`/`toRecordId`: the other
 * side of an association change). Without `recordId`, any record of the type counts.
 */
export function concernsRecord(event: RecordedEvent, objectTypeId: string, recordId?: string): boolean {
  // A record is named by a type and an id: label definitions carry object types too, but no record.
  const names = (typeId: unknown, id: unknown) =>
    typeId === objectTypeId &&
    (typeof id === 'string' || typeof id === 'number') &&
    (recordId === undefined || String(id) === recordId);
  const stream = recordOfStream(event.streamName);
  if (stream !== undefined && names(stream.objectTypeId, stream.recordId)) return true;
  const data = event.data;
  if (typeof data !== 'object' || data === null) return false;
  const fields = data as Record<string, unknown>;
  return names(fields.objectTypeId, fields.recordId) || names(fields.toObjectTypeId, fields.toRecordId);
}

function recordOfStream(name: string): { objectTypeId: string; recordId: string } | undefined {
  let parsed;
  try {
    parsed = parseStreamName(name);
  } catch {
    return undefined;
  }
  if (!RECORD_STREAM_CATEGORIES.has(parsed.category) || parsed.ids.length !== 2) return undefined;
  return { objectTypeId: parsed.ids[0]!, recordId: parsed.ids[1]! };
}
