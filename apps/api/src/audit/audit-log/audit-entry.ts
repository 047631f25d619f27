import type { RecordedEvent } from '@app/event-store';

/**
 * One event of the account's log as the audit route shows it: the event as stored, its place in the log, and the
 * metadata an auditor asks about lifted to the top (`metadata` keeps everything as stored, extras included).
 * Positions and revisions are decimal strings: exact whatever their size.
 */
export interface AuditEntry {
  position: string;
  eventId: string;
  type: string;
  stream: string;
  revision: string;
  recordedAt: string;
  actor: string;
  /** How the command arrived (`POST /crm/v4/…`), or null for events written by no route. */
  route: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export function auditEntryOf(event: RecordedEvent): AuditEntry {
  const { metadata } = event;
  return {
    position: event.position.toString(),
    eventId: event.id,
    type: event.type,
    stream: event.streamName,
    revision: event.revision.toString(),
    recordedAt: event.recordedAt,
    actor: metadata.actor,
    route: typeof metadata.route === 'string' ? metadata.route : null,
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    data: event.data,
    metadata: { ...metadata },
  };
}

/** The CSV columns, in order; `data` and `metadata` are JSON text. */
export const AUDIT_CSV_COLUMNS = [
  'position',
  'recordedAt',
  'type',
  'stream',
  'revision',
  'actor',
  'route',
  'commandId',
  'correlationId',
  'causationId',
  'eventId',
  'data',
  'metadata',
] as const;

export function auditCsvFields(entry: AuditEntry): string[] {
  return AUDIT_CSV_COLUMNS.map((column) => {
    const value = entry[column];
    if (column === 'data' || column === 'metadata') return JSON.stringify(value);
    return value === null ? '' : String(value);
  });
}
