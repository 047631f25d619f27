/**
 * Where a record's personal data sits in its events (ADR 0007, "Erasure"). The store seals these fields under the
 * record's data key on append and opens them on read; once erasure destroys the key they read as the erased values
 * below, with `erased: true` on the event's data. Every other field of these events, and every other event, carries
 * no personal data: ids, times, actors, label typeIds and the keyed hash of a unique value (`valueKey`).
 */

/** The events that carry a record's property values, and the top-level fields of their data that hold them. */
const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  RecordCreated: ['properties'],
  RecordUpdated: ['changes'],
  UniqueValueClaimed: ['value'],
  UniqueValueReleased: ['value'],
};

/** How a sealed field reads once its key is destroyed: the same shape, no content. */
const ERASED_VALUES: Readonly<Record<string, unknown>> = { properties: {}, changes: {}, value: '' };

export interface PersonalData {
  /** The data key that seals the fields: the record's. */
  keyName: string;
  fields: readonly string[];
}

/** The name of a record's data key. */
export function recordKeyName(objectTypeId: string, recordId: string): string {
  return `record.${objectTypeId}.${recordId}`;
}

interface RecordOwned {
  objectTypeId?: unknown;
  recordId?: unknown;
}

function ownerKeyOf(data: unknown): string | undefined {
  const { objectTypeId, recordId } = (data ?? {}) as RecordOwned;
  return typeof objectTypeId === 'string' && typeof recordId === 'string'
    ? recordKeyName(objectTypeId, recordId)
    : undefined;
}

/** The personal fields of an event and the key that seals them; undefined for an event without personal data. */
export function personalDataOf(event: { type: string; data: unknown }): PersonalData | undefined {
  const fields = Object.hasOwn(PERSONAL_FIELDS, event.type) ? PERSONAL_FIELDS[event.type] : undefined;
  if (fields === undefined) return undefined;
  const keyName = ownerKeyOf(event.data);
  return keyName === undefined ? undefined : { keyName, fields };
}

/** The data key an event destroys once it is stored: a record's, on `RecordErased`. */
export function keyErasedBy(event: { type: string; data: unknown }): string | undefined {
  return event.type === 'RecordErased' ? ownerKeyOf(event.data) : undefined;
}

/** The value a personal field reads as once its key is destroyed. */
export function erasedValueOf(field: string): unknown {
  return Object.hasOwn(ERASED_VALUES, field) ? ERASED_VALUES[field] : null;
}
