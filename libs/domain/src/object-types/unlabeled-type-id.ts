import { DomainError } from '../shared/domain.error';
import { BUILT_IN_OBJECT_TYPES, customObjectNumber } from './object-type.catalogue';

/**
 * TypeIds of an account's association types fall in three disjoint ranges:
 * - `1..999`: HubSpot's fixed ids (hubspot-v4-api.md §4; activity types such as 193/201 live here too);
 * - `1000..2^30-1`: USER_DEFINED labels, allocated per account by its schema stream (hubspot-v4-api.md §0.8);
 * - `2^30..2^31-1`: the unlabeled type of a pair HubSpot gives no fixed id (a pair with an activated or custom
 *   object), derived from the pair alone — see {@link derivedUnlabeledTypeId}.
 * All fit a signed 32-bit int, as HubSpot's clients expect.
 */
export const HUBSPOT_FIXED_TYPE_ID_MAX = 999;
export const USER_DEFINED_TYPE_ID_MIN = 1000;
export const DERIVED_UNLABELED_TYPE_ID_MIN = 2 ** 30;
export const USER_DEFINED_TYPE_ID_MAX = DERIVED_UNLABELED_TYPE_ID_MIN - 1;

/** Slots 0..63 are reserved for built-in types, so activating a new kind of object later never moves a slot. */
const CUSTOM_SLOT_OFFSET = 63;
/** Slots stay below 2^15 so that every derived id stays below 2^31. */
const SLOT_LIMIT = 2 ** 15;
export const CUSTOM_OBJECT_NUMBER_MAX = SLOT_LIMIT - 1 - CUSTOM_SLOT_OFFSET;

/**
 * An object type's slot: its index in the built-in catalogue (contacts 0 … leads 8, never reordered; new built-ins
 * are appended), or `63 + n` for custom object `2-<n>`. It depends on the type id alone, so it is stable for as long
 * as the account's schema stream never reuses an `n`.
 */
export function objectTypeSlot(objectTypeId: string): number {
  const builtIn = BUILT_IN_OBJECT_TYPES.findIndex((t) => t.objectTypeId === objectTypeId);
  if (builtIn >= 0) return builtIn;
  const n = customObjectNumber(objectTypeId);
  if (n === undefined || n > CUSTOM_OBJECT_NUMBER_MAX) {
    throw new DomainError('INVALID_CUSTOM_OBJECT_TYPE_ID', `Object type ${objectTypeId} has no association slot`, {
      objectType: objectTypeId,
      customObjectNumberMax: CUSTOM_OBJECT_NUMBER_MAX,
    });
  }
  return CUSTOM_SLOT_OFFSET + n;
}

/** Szudzik's pairing: a bijection from ordered pairs of naturals to naturals; `(a, b)` and `(b, a)` differ. */
function pair(a: number, b: number): number {
  return a >= b ? a * a + a + b : b * b + a;
}

/**
 * The unlabeled typeId of `from → to` when HubSpot fixes none: `2^30 + szudzik(slot(from), slot(to))`.
 * Distinct for every ordered pair, the same in every account and after any replay; a same-object pair gets one id.
 */
export function derivedUnlabeledTypeId(fromObjectTypeId: string, toObjectTypeId: string): number {
  return DERIVED_UNLABELED_TYPE_ID_MIN + pair(objectTypeSlot(fromObjectTypeId), objectTypeSlot(toObjectTypeId));
}

export type TypeIdRange = 'HUBSPOT_FIXED' | 'USER_DEFINED' | 'DERIVED_UNLABELED';

/** Which range a typeId belongs to (e.g. to infer a category when a client omits it). */
export function typeIdRange(typeId: number): TypeIdRange {
  if (typeId >= DERIVED_UNLABELED_TYPE_ID_MIN) return 'DERIVED_UNLABELED';
  if (typeId >= USER_DEFINED_TYPE_ID_MIN) return 'USER_DEFINED';
  return 'HUBSPOT_FIXED';
}
