import { DomainError } from '../shared/domain.error';
import { BUILT_IN_OBJECT_TYPES } from './object-type.catalogue';

/** The property types a custom object schema may declare (HubSpot's CRM properties). */
export const CUSTOM_OBJECT_PROPERTY_TYPES = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'] as const;
export type CustomObjectPropertyType = (typeof CUSTOM_OBJECT_PROPERTY_TYPES)[number];

export interface CustomObjectPropertyOption {
  label: string;
  value: string;
  displayOrder?: number;
  hidden?: boolean;
}

/** A property declared by a custom object schema; `fieldType` is how a form shows it (`text`, `select`, …). */
export interface CustomObjectProperty {
  name: string;
  label: string;
  type: CustomObjectPropertyType;
  fieldType: string;
  description?: string;
  hasUniqueValue?: boolean;
  options?: CustomObjectPropertyOption[];
}

export interface CustomObjectLabels {
  singular: string;
  plural: string;
}

/** What `UpdateCustomObject` may change (PATCH /crm/v3/schemas/{objectType}): neither the name nor the properties. */
export interface CustomObjectMutablePart {
  labels: CustomObjectLabels;
  description: string | null;
  primaryDisplayProperty: string;
  secondaryDisplayProperties: string[];
  requiredProperties: string[];
  searchableProperties: string[];
}

/** The same fields in the same key order, so that two parts compare by their JSON. */
export function mutablePartOf(source: CustomObjectMutablePart): CustomObjectMutablePart {
  return {
    labels: { singular: source.labels.singular, plural: source.labels.plural },
    description: source.description,
    primaryDisplayProperty: source.primaryDisplayProperty,
    secondaryDisplayProperties: [...source.secondaryDisplayProperties],
    requiredProperties: [...source.requiredProperties],
    searchableProperties: [...source.searchableProperties],
  };
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Object names: ASCII letters, digits and underscores, starting with a letter. */
export function assertValidObjectName(name: string): void {
  if (!NAME.test(name)) {
    throw new DomainError(
      'INVALID_OBJECT_NAME',
      `Invalid custom object name "${name}": use letters, digits and underscores, starting with a letter`,
      { name },
    );
  }
}

/** Paths resolve object types by name, case-insensitively: a name must not shadow a built-in or a live custom one. */
export function assertObjectNameFree(name: string, liveCustomNames: readonly string[]): void {
  const wanted = name.toLowerCase();
  const builtIn = BUILT_IN_OBJECT_TYPES.find((t) => [t.singularName, t.pluralName].includes(wanted));
  if (builtIn) {
    throw new DomainError(
      'OBJECT_NAME_TAKEN',
      `Custom object name "${name}" is taken by the built-in object type ${builtIn.objectTypeId} (${builtIn.pluralName})`,
      { name, objectTypeId: builtIn.objectTypeId },
    );
  }
  const custom = liveCustomNames.find((n) => n.toLowerCase() === wanted);
  if (custom !== undefined) {
    throw new DomainError('OBJECT_NAME_TAKEN', `Custom object name "${name}" is taken by custom object "${custom}"`, {
      name,
      takenBy: custom,
    });
  }
}

export function assertValidObjectLabels(labels: CustomObjectLabels): void {
  const empty = (['singular', 'plural'] as const).filter((side) => (labels[side] ?? '').trim() === '');
  if (empty.length > 0) {
    throw new DomainError(
      'INVALID_OBJECT_LABELS',
      `Custom object labels need a non-empty ${empty.join(' and ')} text`,
      { labels, empty },
    );
  }
}

function invalidProperties(message: string, context: Record<string, unknown> = {}): never {
  throw new DomainError('INVALID_PROPERTIES', message, context);
}

/** At least one property; each with a valid name, unique case-insensitively, and a known type. */
export function assertValidProperties(properties: readonly CustomObjectProperty[]): void {
  if (properties.length === 0) invalidProperties('A custom object needs at least one property');
  const seen = new Set<string>();
  for (const { name, type } of properties) {
    if (!NAME.test(name)) {
      invalidProperties(
        `Invalid property name "${name}": use letters, digits and underscores, starting with a letter`,
        { property: name },
      );
    }
    if (seen.has(name.toLowerCase())) invalidProperties(`Property "${name}" is declared twice`, { property: name });
    seen.add(name.toLowerCase());
    if (!(CUSTOM_OBJECT_PROPERTY_TYPES as readonly string[]).includes(type)) {
      invalidProperties(
        `Property "${name}" has type "${type}"; use one of ${CUSTOM_OBJECT_PROPERTY_TYPES.join(', ')}`,
        { property: name, type, types: CUSTOM_OBJECT_PROPERTY_TYPES },
      );
    }
  }
}

type PropertyReferences = Pick<
  CustomObjectMutablePart,
  'primaryDisplayProperty' | 'secondaryDisplayProperties' | 'requiredProperties' | 'searchableProperties'
>;

/** Display, required and searchable properties must be among the object's declared properties. */
export function assertKnownProperties(
  references: PropertyReferences,
  properties: readonly CustomObjectProperty[],
  objectName: string,
): void {
  const declared = properties.map((p) => p.name);
  const roles: [keyof PropertyReferences, readonly string[]][] = [
    ['primaryDisplayProperty', [references.primaryDisplayProperty]],
    ['secondaryDisplayProperties', references.secondaryDisplayProperties],
    ['requiredProperties', references.requiredProperties],
    ['searchableProperties', references.searchableProperties],
  ];
  for (const [role, names] of roles) {
    const unknown = names.find((name) => !declared.includes(name));
    if (unknown !== undefined) {
      throw new DomainError(
        'UNKNOWN_PROPERTY',
        `${role} names "${unknown}", which is not a property of custom object "${objectName}" ` +
          `(its properties: ${declared.join(', ')})`,
        { property: unknown, role, properties: declared },
      );
    }
  }
}
