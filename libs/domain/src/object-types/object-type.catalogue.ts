import { assertNever } from '../shared/decider';
import { DomainError } from '../shared/domain.error';

/**
 * The object types an account can associate (DESIGN.md §2, hubspot-v4-api.md §1.1): standard ones every account
 * has, the ones an admin activates, and custom objects (`2-<n>`) defined by the account's schemas.
 */
export type BuiltInObjectTypeKind = 'STANDARD' | 'ACTIVATABLE';

export interface BuiltInObjectType {
  readonly kind: BuiltInObjectTypeKind;
  readonly objectTypeId: string;
  readonly singularName: string;
  readonly pluralName: string;
}

export interface CustomObjectType {
  readonly kind: 'CUSTOM';
  /** `2-<n>`, `n` allocated per account by its schema stream. */
  readonly objectTypeId: string;
  /** The schema's `name`, e.g. `car`. */
  readonly name: string;
  /** `p<portalId>_<name>`. */
  readonly fullyQualifiedName: string;
}

export type ObjectType = BuiltInObjectType | CustomObjectType;

/** What a custom object schema contributes to the catalogue. */
export type CustomObjectSchemaRef = Omit<CustomObjectType, 'kind'>;

const standard = (objectTypeId: string, singularName: string, pluralName: string): BuiltInObjectType => ({
  kind: 'STANDARD',
  objectTypeId,
  singularName,
  pluralName,
});
const activatable = (objectTypeId: string, singularName: string, pluralName: string): BuiltInObjectType => ({
  kind: 'ACTIVATABLE',
  objectTypeId,
  singularName,
  pluralName,
});

/** Every account has these. */
export const STANDARD_OBJECT_TYPES: readonly BuiltInObjectType[] = [
  standard('0-1', 'contact', 'contacts'),
  standard('0-2', 'company', 'companies'),
  standard('0-3', 'deal', 'deals'),
  standard('0-5', 'ticket', 'tickets'),
];

/** Available once an admin activates them. */
export const ACTIVATABLE_OBJECT_TYPES: readonly BuiltInObjectType[] = [
  activatable('0-421', 'appointment', 'appointments'),
  activatable('0-420', 'listing', 'listings'),
  activatable('0-410', 'course', 'courses'),
  activatable('0-162', 'service', 'services'),
  activatable('0-136', 'lead', 'leads'),
];

export const BUILT_IN_OBJECT_TYPES: readonly BuiltInObjectType[] = [
  ...STANDARD_OBJECT_TYPES,
  ...ACTIVATABLE_OBJECT_TYPES,
];

const CUSTOM_OBJECT_TYPE_ID = /^2-([1-9][0-9]*)$/;

/** The `n` of a custom object type id `2-<n>`, or undefined when the id is not one. */
export function customObjectNumber(objectTypeId: string): number | undefined {
  const match = CUSTOM_OBJECT_TYPE_ID.exec(objectTypeId);
  return match ? Number(match[1]) : undefined;
}

/** HubSpot's fully-qualified custom object name: `p<portalId>_<name>`. */
export function fullyQualifiedObjectName(portalId: string, name: string): string {
  return `p${portalId}_${name}`;
}

/**
 * The object types available in an account: the standard ones, the activated ones, the custom ones, in that order
 * (built-ins in catalogue order, custom objects by `n`). Refuses ids that are not activatable or not `2-<n>`.
 */
export function availableObjectTypes(account: {
  readonly activated: readonly string[];
  readonly customObjects: readonly CustomObjectSchemaRef[];
}): ObjectType[] {
  for (const id of account.activated) {
    if (!ACTIVATABLE_OBJECT_TYPES.some((t) => t.objectTypeId === id)) {
      throw new DomainError('UNKNOWN_OBJECT_TYPE', `Object type ${id} cannot be activated`, { objectType: id });
    }
  }
  const custom = account.customObjects.map((schema): CustomObjectType => {
    if (customObjectNumber(schema.objectTypeId) === undefined) {
      throw new DomainError(
        'INVALID_CUSTOM_OBJECT_TYPE_ID',
        `Custom object type id ${schema.objectTypeId} is not 2-<n>`,
        {
          objectType: schema.objectTypeId,
        },
      );
    }
    return { kind: 'CUSTOM', ...schema };
  });
  const byNumber = (a: CustomObjectType, b: CustomObjectType): number =>
    customObjectNumber(a.objectTypeId)! - customObjectNumber(b.objectTypeId)!;
  const unique = [...new Map(custom.map((t) => [t.objectTypeId, t])).values()].sort(byNumber);
  return [
    ...STANDARD_OBJECT_TYPES,
    ...ACTIVATABLE_OBJECT_TYPES.filter((t) => account.activated.includes(t.objectTypeId)),
    ...unique,
  ];
}

/** The spellings a path may use for a type, lower-cased. */
function pathSpellings(type: ObjectType): string[] {
  switch (type.kind) {
    case 'STANDARD':
    case 'ACTIVATABLE':
      return [type.objectTypeId, type.singularName, type.pluralName];
    case 'CUSTOM':
      return [type.objectTypeId, type.fullyQualifiedName.toLowerCase()];
    default:
      return assertNever(type, 'object type kind');
  }
}

/**
 * Resolves an object type as a path names it — plural, singular or type id for built-ins; type id or
 * fully-qualified name for custom objects; case-insensitively — to its canonical type id.
 * Throws `UNKNOWN_OBJECT_TYPE` (a HubSpot-style 400) naming the path value otherwise, saying so when the type
 * exists but the account has not activated it.
 */
export function resolveObjectType(pathName: string, availableTypes: readonly ObjectType[]): string {
  const wanted = pathName.toLowerCase();
  const found = availableTypes.find((type) => pathSpellings(type).includes(wanted));
  if (found) return found.objectTypeId;
  const inactive = ACTIVATABLE_OBJECT_TYPES.find((type) => pathSpellings(type).includes(wanted));
  if (inactive) {
    throw new DomainError(
      'UNKNOWN_OBJECT_TYPE',
      `Object type '${pathName}' (${inactive.objectTypeId}) is not activated in this account`,
      { objectType: pathName, objectTypeId: inactive.objectTypeId, reason: 'NOT_ACTIVATED' },
    );
  }
  throw new DomainError('UNKNOWN_OBJECT_TYPE', `Unable to infer object type from: ${pathName}`, {
    objectType: pathName,
    reason: 'UNKNOWN',
  });
}
