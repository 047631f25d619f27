import { DomainError } from '../shared/domain.error';
export { USER_DEFINED_TYPE_ID_MIN, USER_DEFINED_TYPE_ID_MAX } from '../object-types/unlabeled-type-id';

/** Custom labels per unordered object pair (DESIGN.md §2); a paired label counts once. */
export const MAX_LABELS_PER_PAIR = 50;
/** Highest custom association limit a type may have, per direction. */
export const MAX_ASSOCIATION_LIMIT = 10_000;

export type LabelCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED';
/** Single: one text for both sides. Paired: a text and an internal name per side. */
export type LabelShape = 'single' | 'paired';
/** Per direction: "many" (the default, no label-specific cap) or at most N records of the other object. */
export type AssociationLimit = 'many' | number;

/** The internal names a label registers; a paired label has one per direction. */
export type LabelNames = { shape: 'single'; name: string } | { shape: 'paired'; name: string; inverseName: string };

/** contact→deal and deal→contact are the same pair, for the cap and for internal-name uniqueness. */
export function objectPairKey(fromObjectTypeId: string, toObjectTypeId: string): string {
  return fromObjectTypeId <= toObjectTypeId
    ? `${fromObjectTypeId}|${toObjectTypeId}`
    : `${toObjectTypeId}|${fromObjectTypeId}`;
}

export function labelNamesOf(names: LabelNames): string[] {
  return names.shape === 'paired' ? [names.name, names.inverseName] : [names.name];
}

const INTERNAL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Letters, digits and underscores (ASCII), not starting with a digit; both sides of a paired label differ. */
export function assertValidLabelNames(names: LabelNames): void {
  for (const name of labelNamesOf(names)) {
    if (!INTERNAL_NAME.test(name)) {
      throw new DomainError(
        'INVALID_LABEL_NAME',
        `Invalid internal name "${name}": use letters, digits and underscores, not starting with a digit`,
        { name },
      );
    }
  }
  if (names.shape === 'paired' && names.name.toLowerCase() === names.inverseName.toLowerCase()) {
    throw new DomainError(
      'INVALID_LABEL_NAME',
      `The two sides of a paired label need different internal names (both are "${names.name}")`,
      { name: names.name, inverseName: names.inverseName },
    );
  }
}

export function assertValidLabelText(text: string): void {
  if (text.trim() === '') {
    throw new DomainError('INVALID_LABEL_TEXT', 'Label text must not be empty', { label: text });
  }
}

const NOT_ALPHANUMERIC = /[^\p{L}\p{N} ]/gu;

/** Accepted but warned about: `;` separates labels in imports, other symbols confuse filters and exports. */
export function labelTextWarnings(texts: readonly (string | null)[]): string[] {
  const warnings: string[] = [];
  for (const text of texts) {
    if (text === null) continue;
    const symbols = [...new Set(text.match(NOT_ALPHANUMERIC) ?? [])];
    if (symbols.length === 0) continue;
    const why = symbols.includes(';') ? '; ";" separates multiple labels in imports' : '';
    warnings.push(
      `Label text "${text}" contains non-alphanumeric characters ${JSON.stringify(symbols.join(''))}${why}`,
    );
  }
  return warnings;
}

/**
 * A label's limit may equal, but not exceed, the pair's overall (unlabeled) limit in that direction
 * (hubspot-v4-api.md §0.5). "many" is always accepted: it means no label-specific cap, the pair's applies.
 */
export function assertValidLabelLimit(typeId: number, limit: AssociationLimit, pairLimit: AssociationLimit): void {
  if (limit === 'many') return;
  const max = pairLimit === 'many' ? MAX_ASSOCIATION_LIMIT : Math.min(pairLimit, MAX_ASSOCIATION_LIMIT);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new DomainError(
      'INVALID_LABEL_LIMIT',
      `Limit ${limit} for association type ${typeId} is invalid: it must be between 1 and ${max}`,
      { typeId, limit, min: 1, max, pairLimit },
    );
  }
}
