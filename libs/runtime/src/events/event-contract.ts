import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  CURRENT_SCHEMA_VERSIONS,
  PUBLIC_EVENT_AREAS,
  UpcasterRegistry,
  isPublicEventType,
  eventObjectTypeIds,
  type PublicEventEnvelope,
  type Upcaster,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { ENVELOPE_SCHEMA, EVENT_DATA_SCHEMAS } from '@app/domain/events/schemas';
import { encodeCursor } from './event-cursor';

/**
 * Upcasters of the public contract. Every type is at version 1 today, so there are none; the first breaking change
 * of a payload adds the new version's type to `public-events.ts`, raises `CURRENT_SCHEMA_VERSIONS`, and lists here
 * how to read the old version (ADR 0009).
 */
export const PUBLIC_UPCASTERS: readonly Upcaster[] = [];

export const publicUpcasters = new UpcasterRegistry(CURRENT_SCHEMA_VERSIONS, PUBLIC_UPCASTERS);

/** Turns a stored public event into what consumers receive: the current version of its data, in the envelope. */
export function toPublicEnvelope(
  event: RecordedEvent,
  upcasters: UpcasterRegistry = publicUpcasters,
): PublicEventEnvelope {
  if (!isPublicEventType(event.type)) throw new Error(`${event.type} is not a public event type`);
  const { schemaVersion, data } = upcasters.upcast(event.type, event.metadata.schemaVersion, event.data);
  const { accountId, actor, commandId, correlationId, causationId } = event.metadata;
  return {
    cursor: encodeCursor(event.position),
    position: event.position.toString(),
    eventId: event.id,
    type: event.type,
    schemaVersion,
    accountId,
    recordedAt: event.recordedAt,
    actor,
    commandId,
    correlationId,
    causationId,
    objectTypeIds: eventObjectTypeIds(data),
    data,
  };
}

export interface SchemaProblem {
  path: string;
  message: string;
}

/** Validates envelopes against the checked-in JSON Schemas (ajv, draft-07). */
export class EventContractValidator {
  private readonly envelope: ValidateFunction;
  private readonly data = new Map<string, ValidateFunction>();

  constructor() {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    this.envelope = ajv.compile(ENVELOPE_SCHEMA);
    for (const { type, schemaVersion, schema } of EVENT_DATA_SCHEMAS) {
      this.data.set(`${type}@${schemaVersion}`, ajv.compile(schema));
    }
  }

  /** The problems of one envelope; empty when it conforms. */
  problems(envelope: PublicEventEnvelope): SchemaProblem[] {
    const out: SchemaProblem[] = [];
    if (!this.envelope(envelope)) out.push(...describe(this.envelope, ''));
    const validate = this.data.get(`${envelope.type}@${envelope.schemaVersion}`);
    if (validate === undefined) return [...out, { path: '/type', message: `no schema for ${envelope.type}` }];
    if (!validate(envelope.data)) out.push(...describe(validate, '/data'));
    return out;
  }
}

function describe(validate: ValidateFunction, prefix: string): SchemaProblem[] {
  return (validate.errors ?? []).map((error) => ({
    path: `${prefix}${error.instancePath}`,
    message: `${error.message ?? 'invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`,
  }));
}

/** What `GET /api/v1/events/schemas` answers: the envelope and every public type's data schema, by version. */
export function eventSchemaCatalogue() {
  return {
    envelope: { schemaVersion: 1, schema: ENVELOPE_SCHEMA },
    events: EVENT_DATA_SCHEMAS.map(({ type, schemaVersion, schema }) => ({
      type,
      area: isPublicEventType(type) ? PUBLIC_EVENT_AREAS[type] : undefined,
      schemaVersion,
      current: isPublicEventType(type) && CURRENT_SCHEMA_VERSIONS[type] === schemaVersion,
      schema,
    })),
  };
}
