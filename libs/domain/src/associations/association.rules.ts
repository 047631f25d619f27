import type { AssociationLimit } from '../labels/label.rules';
import type { CommandMetadata } from '../shared/decider';
import { BUILT_IN_OBJECT_TYPES } from '../object-types/object-type.catalogue';
import { DomainError } from '../shared/domain.error';
import type { RecordKey } from './association.types';
import type { PairTypes } from './pair-types';

/** "deal 0-3:17", "2-100 record 2-100:5". */
export function recordName({ objectTypeId, recordId }: RecordKey): string {
  const type = BUILT_IN_OBJECT_TYPES.find((t) => t.objectTypeId === objectTypeId);
  return `${type?.singularName ?? `${objectTypeId} record`} ${objectTypeId}:${recordId}`;
}

function objectNoun(objectTypeId: string, count: number): string {
  const type = BUILT_IN_OBJECT_TYPES.find((t) => t.objectTypeId === objectTypeId);
  if (!type) return `${objectTypeId} record${count === 1 ? '' : 's'}`;
  return count === 1 ? type.singularName : type.pluralName;
}

const pairName = (types: PairTypes): string => `${types.fromObjectTypeId} → ${types.toObjectTypeId}`;

/** A record is never associated with itself (a same-object pair needs two records). */
export function assertNotSelf(from: RecordKey, to: RecordKey): void {
  if (from.objectTypeId === to.objectTypeId && from.recordId === to.recordId) {
    throw new DomainError('SELF_ASSOCIATION', `Cannot associate ${recordName(from)} with itself`, { ...from });
  }
}

/** Every typeId must be of this pair in the from → to direction; an empty list is refused, never ignored. */
export function assertPairTypeIds(types: PairTypes, typeIds: readonly number[]): void {
  if (typeIds.length === 0) {
    throw new DomainError('EMPTY_TYPES', `No association types given for ${pairName(types)}`, {
      fromObjectTypeId: types.fromObjectTypeId,
      toObjectTypeId: types.toObjectTypeId,
    });
  }
  const inverseIds = new Set([
    types.unlabeled.inverseTypeId,
    ...[...types.labels.values()].map((l) => l.inverseTypeId),
  ]);
  for (const typeId of typeIds) {
    if (typeId === types.unlabeled.typeId || types.labels.has(typeId)) continue;
    const context = { typeId, fromObjectTypeId: types.fromObjectTypeId, toObjectTypeId: types.toObjectTypeId };
    if (inverseIds.has(typeId)) {
      throw new DomainError(
        'WRONG_DIRECTION',
        `Association type ${typeId} is of ${types.toObjectTypeId} → ${types.fromObjectTypeId}, ` +
          `not ${pairName(types)}: use the inverse direction's typeId`,
        context,
      );
    }
    throw new DomainError(
      'UNKNOWN_ASSOCIATION_TYPE',
      `Association type ${typeId} is not a type of ${pairName(types)}`,
      context,
    );
  }
}

/** A label being deleted (or deleted) gains no new uses (ADR 0006 §5); removing it stays allowed. */
export function assertLabelsActive(types: PairTypes, added: readonly number[]): void {
  for (const typeId of added) {
    const label = types.labels.get(typeId);
    if (label && label.status !== 'Active') {
      const why = label.status === 'Retiring' ? 'is being deleted' : 'was deleted';
      throw new DomainError(
        'LABEL_NOT_ACTIVE',
        `Cannot add label "${label.label}" (typeId ${typeId}) to ${pairName(types)} associations: it ${why}`,
        { typeId, label: label.label, status: label.status },
      );
    }
  }
}

export interface LimitCheck {
  typeId: number;
  /** Label text, or null for the pair's unlabeled type. */
  label: string | null;
  limit: AssociationLimit;
  /** How many counterparts carry `typeId` once the change is applied, before this addition. */
  count: number;
  record: RecordKey;
  counterpartObjectTypeId: string;
}

/** Adding one more counterpart with `typeId` to `record` must stay within the limit of that direction. */
export function assertWithinLimit({ typeId, label, limit, count, record, counterpartObjectTypeId }: LimitCheck): void {
  if (limit === 'many' || count + 1 <= limit) return;
  const what =
    label === null
      ? `associate ${recordName(record)} with another ${objectNoun(counterpartObjectTypeId, 1)}`
      : `add label "${label}" (typeId ${typeId}) to ${recordName(record)}`;
  const has = `${count} ${objectNoun(counterpartObjectTypeId, count)}${label === null ? '' : ' with that label'}`;
  throw new DomainError('ASSOCIATION_LIMIT_EXCEEDED', `Cannot ${what}: it already has ${has}, the limit is ${limit}`, {
    typeId,
    label,
    limit,
    count,
    objectTypeId: record.objectTypeId,
    recordId: record.recordId,
  });
}

/** The data every links event shares: `side`'s stream, `other` the counterpart. */
export function linkChange(side: RecordKey, other: RecordKey, typeIds: number[], metadata: CommandMetadata) {
  const { objectTypeId, recordId } = side;
  const { objectTypeId: toObjectTypeId, recordId: toRecordId } = other;
  return {
    objectTypeId,
    recordId,
    toObjectTypeId,
    toRecordId,
    typeIds,
    changedBy: metadata.actor,
    changedAt: metadata.now,
  };
}
