import type { AccountSchemaEvent } from '../labels/account-schema.decider';
import type { LabelEvent } from '../labels/label.types';
import type { PairLimitEvent } from '../limits/pair-limits.decider';
import type { ObjectTypeEvent } from '../object-types/object-types.types';
import type { RecordEvent } from '../records/record.decider';
import type { RecordIdsEvent } from '../records/record-ids.decider';
import type { UniqueValueEvent } from '../records/unique-value.decider';
import type { LinksEvent } from '../associations/association.types';
import type { DomainEvent } from '../shared/decider';
import type { WebhookEvent } from '../webhooks/webhook.decider';
import type { ImportEvent } from '../imports/import.types';

/*
 * The public event contract (issue 7, docs/events.md, ADR 0009): which stored events downstream consumers see, and
 * the shape of each one's `data` at each schema version. The JSON Schemas in `./schemas` are generated from
 * `PublicEventPayloadsV1` and a unit test fails when they drift from these types.
 */

/** Every event the domain writes; a new event type must be classified below or this file stops compiling. */
export type DomainEventType =
  | LabelEvent['type']
  | AccountSchemaEvent['type']
  | PairLimitEvent['type']
  | ObjectTypeEvent['type']
  | RecordEvent['type']
  | RecordIdsEvent['type']
  | UniqueValueEvent['type']
  | LinksEvent['type']
  | WebhookEvent['type']
  | ImportEvent['type'];

type DataOf<TEvent extends DomainEvent, TType extends TEvent['type']> = Extract<TEvent, { type: TType }>['data'];

/** The `data` of every public event type at schema version 1 (the version the store writes today). */
export interface PublicEventPayloadsV1 {
  LabelCreated: DataOf<LabelEvent, 'LabelCreated'>;
  LabelRenamed: DataOf<LabelEvent, 'LabelRenamed'>;
  LabelLimitChanged: DataOf<LabelEvent, 'LabelLimitChanged'>;
  LabelRetiring: DataOf<LabelEvent, 'LabelRetiring'>;
  LabelRetirementCancelled: DataOf<LabelEvent, 'LabelRetirementCancelled'>;
  LabelDeleted: DataOf<LabelEvent, 'LabelDeleted'>;
  PairLimitChanged: DataOf<PairLimitEvent, 'PairLimitChanged'>;
  ObjectTypeActivated: DataOf<ObjectTypeEvent, 'ObjectTypeActivated'>;
  CustomObjectDefined: DataOf<ObjectTypeEvent, 'CustomObjectDefined'>;
  CustomObjectUpdated: DataOf<ObjectTypeEvent, 'CustomObjectUpdated'>;
  CustomObjectDeleted: DataOf<ObjectTypeEvent, 'CustomObjectDeleted'>;
  RecordCreated: DataOf<RecordEvent, 'RecordCreated'>;
  RecordUpdated: DataOf<RecordEvent, 'RecordUpdated'>;
  RecordArchived: DataOf<RecordEvent, 'RecordArchived'>;
  RecordErased: DataOf<RecordEvent, 'RecordErased'>;
  AssociationLabeled: DataOf<LinksEvent, 'AssociationLabeled'>;
  AssociationUnlabeled: DataOf<LinksEvent, 'AssociationUnlabeled'>;
  AssociationRemoved: DataOf<LinksEvent, 'AssociationRemoved'>;
}

export type PublicEventType = keyof PublicEventPayloadsV1;

/**
 * Bookkeeping that is not part of the feed: the schema stream's label registry (it repeats `LabelCreated` and
 * `LabelDeleted` for typeId allocation), account provisioning, record id reservations, unique-value claims (a
 * uniqueness mechanism; their values are sealed personal data), webhook subscriptions and their delivery state, import
 * progress (rejected rows included), and, outside the domain, command receipts (`CommandAccepted`).
 */
export const INTERNAL_EVENT_TYPES = [
  'AccountProvisioned',
  'LabelRegistered',
  'LabelUnregistered',
  'RecordIdsReserved',
  'UniqueValueClaimed',
  'UniqueValueReleased',
  'WebhookSubscribed',
  'WebhookUnsubscribed',
  'WebhookBatchDelivered',
  'WebhookDeliveryFailed',
  'WebhookParked',
  'WebhookResumed',
  'ImportStarted',
  'ImportBatchRecorded',
  'ImportCompleted',
  'ImportErrorsErased',
] as const satisfies readonly DomainEventType[];

/** The area each public event belongs to (docs/events.md groups by it). */
export const PUBLIC_EVENT_AREAS = {
  LabelCreated: 'labels',
  LabelRenamed: 'labels',
  LabelLimitChanged: 'labels',
  LabelRetiring: 'labels',
  LabelRetirementCancelled: 'labels',
  LabelDeleted: 'labels',
  PairLimitChanged: 'limits',
  ObjectTypeActivated: 'object-types',
  CustomObjectDefined: 'object-types',
  CustomObjectUpdated: 'object-types',
  CustomObjectDeleted: 'object-types',
  RecordCreated: 'records',
  RecordUpdated: 'records',
  RecordArchived: 'records',
  RecordErased: 'records',
  AssociationLabeled: 'associations',
  AssociationUnlabeled: 'associations',
  AssociationRemoved: 'associations',
} as const satisfies Record<PublicEventType, string>;

export const PUBLIC_EVENT_TYPES = Object.keys(PUBLIC_EVENT_AREAS) as PublicEventType[];

// Compile-time: every domain event type is public or internal, and nothing else is listed.
type Classified = PublicEventType | (typeof INTERNAL_EVENT_TYPES)[number];
const everyTypeClassified: Record<Exclude<DomainEventType, Classified>, never> = {};
const nothingUnknownClassified: Record<Exclude<Classified, DomainEventType>, never> = {};
void everyTypeClassified;
void nothingUnknownClassified;

const PUBLIC: ReadonlySet<string> = new Set(PUBLIC_EVENT_TYPES);

export function isPublicEventType(type: string): type is PublicEventType {
  return PUBLIC.has(type);
}

/** The schema version the contract serves for each type: the newest one, which upcasters bring older events to. */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<PublicEventType, number>> = Object.fromEntries(
  PUBLIC_EVENT_TYPES.map((type) => [type, 1]),
) as Record<PublicEventType, number>;

/** The object types an event concerns: its record's and its counterpart's, a label's pair, a custom object. */
export function eventObjectTypeIds(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const fields = data as Record<string, unknown>;
  const out: string[] = [];
  for (const key of ['objectTypeId', 'toObjectTypeId', 'fromObjectTypeId']) {
    const value = fields[key];
    if (typeof value === 'string' && !out.includes(value)) out.push(value);
  }
  return out;
}

/**
 * One event as the feed, the paged JSON route and webhooks deliver it. `data` is the type's payload at
 * `schemaVersion` (see `PublicEventPayloadsV1`).
 */
export interface PublicEventEnvelope {
  /** Opaque: resume after this event by handing it back (`after`, `Last-Event-ID`). */
  cursor: string;
  /** The event's global position in the log (decimal), for ordering and reconciliation. */
  position: string;
  /** The stored event's id (a UUID); stable across deliveries, so consumers can deduplicate by it. */
  eventId: string;
  type: PublicEventType;
  schemaVersion: number;
  accountId: string;
  /** ISO-8601 time the store recorded the event. */
  recordedAt: string;
  /** The user id from the token, or a process name such as `process-manager:archive-cascade`. */
  actor: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  /** The object types the event concerns (what the `objectTypes` filter matches). */
  objectTypeIds: string[];
  data: unknown;
}
