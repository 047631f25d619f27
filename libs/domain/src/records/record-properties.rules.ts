import { DomainError } from '../shared/domain.error';

/** Properties the store maintains itself: a client may read them, never write them. */
export const READ_ONLY_RECORD_PROPERTIES: readonly string[] = [
  'hs_object_id',
  'createdate',
  'lastmodifieddate',
  'hs_createdate',
  'hs_lastmodifieddate',
];

/**
 * The properties a write may name. Every type refuses the read-only ones; a custom object's record takes only the
 * properties its schema declares (`declared`); built-in types take any name (their property catalogue is HubSpot's).
 */
export function assertWritableRecordProperties(
  objectTypeId: string,
  names: readonly string[],
  declared?: readonly string[],
): void {
  const readOnly = names.filter((name) => READ_ONLY_RECORD_PROPERTIES.includes(name));
  if (readOnly.length > 0) {
    throw new DomainError('READ_ONLY_PROPERTY', `Property values are read-only: ${readOnly.join(', ')}`, {
      objectTypeId,
      properties: readOnly,
    });
  }
  if (declared === undefined) return;
  const unknown = names.filter((name) => !declared.includes(name));
  if (unknown.length > 0) {
    throw new DomainError(
      'UNKNOWN_PROPERTY',
      `Property values were not valid: ${unknown.map((n) => `Property "${n}" does not exist`).join('; ')}`,
      { objectTypeId, properties: unknown },
    );
  }
}
