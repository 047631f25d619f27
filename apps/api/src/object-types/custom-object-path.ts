import { ACTIVATABLE_OBJECT_TYPES, DomainError, type CustomObjectType, type ObjectType } from '@app/domain';

/**
 * The custom object a schema route's `{objectType}` names: its type id `2-<n>` or its fully-qualified name
 * `p<portalId>_<name>`, case-insensitively. A built-in type is a 400 (schemas exist only for custom objects);
 * anything else — a deleted object, another account's name, a typo — is a 404.
 */
export function resolveCustomObjectType(pathName: string, availableTypes: readonly ObjectType[]): CustomObjectType {
  const wanted = pathName.toLowerCase();
  const custom = availableTypes.find(
    (t): t is CustomObjectType =>
      t.kind === 'CUSTOM' && (t.objectTypeId === wanted || t.fullyQualifiedName.toLowerCase() === wanted),
  );
  if (custom) return custom;
  const builtIn = [...availableTypes, ...ACTIVATABLE_OBJECT_TYPES].find(
    (t) => t.kind !== 'CUSTOM' && [t.objectTypeId, t.singularName, t.pluralName].includes(wanted),
  );
  if (builtIn) {
    throw new DomainError(
      'NOT_A_CUSTOM_OBJECT',
      `Object type '${pathName}' (${builtIn.objectTypeId}) is not a custom object; only custom objects have schemas`,
      { objectType: pathName, objectTypeId: builtIn.objectTypeId },
    );
  }
  throw new DomainError(
    'CUSTOM_OBJECT_NOT_FOUND',
    `No custom object '${pathName}' exists in this account; name it by its objectTypeId (2-<n>) or fully-qualified name`,
    { objectType: pathName },
  );
}
