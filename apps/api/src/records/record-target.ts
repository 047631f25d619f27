import { uniquePropertyOf, type AccountSchema, type RecordState } from '@app/domain';
import type { RecordView } from '@app/read-models';
import { AppException } from '../errors/app.exception';
import type { AccountSchemaService } from '../schema/account-schema.service';
import { isRecordId } from './record-input';

/** The object type a records route names, as the command side resolves it, with a custom object's properties. */
export interface RecordType {
  objectTypeId: string;
  /** Only for custom objects: the properties its schema declares; built-in types take any property. */
  declared?: readonly string[];
}

export function recordTypeOf(schemas: AccountSchemaService, schema: AccountSchema, objectType: string): RecordType {
  const objectTypeId = schemas.resolveObjectType(schema, objectType);
  const custom = schema.objectTypes.customObjects[objectTypeId];
  return custom === undefined ? { objectTypeId } : { objectTypeId, declared: custom.properties.map((p) => p.name) };
}

export function recordNotFound(objectTypeId: string, id: string): AppException {
  return new AppException('NOT_FOUND', `Object not found. objectId are usually numeric. (${objectTypeId} ${id})`, {
    objectTypeId,
    id,
  });
}

/** A path id that cannot be a record id names no record: 404, like an id that was never allocated. */
export function assertRecordId(objectTypeId: string, id: string): string {
  if (!isRecordId(id)) throw recordNotFound(objectTypeId, id);
  return id;
}

/** The decided state of a live or archived record as the read side would show it; none for an erased one. */
export function viewOfState(recordId: string, state: RecordState): RecordView | undefined {
  if (state.status === 'NotCreated' || state.status === 'Erased') return undefined;
  const view: RecordView = {
    id: recordId,
    properties: { ...state.properties },
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    archived: state.status === 'Archived',
  };
  if (state.status === 'Archived') view.archivedAt = state.archivedAt;
  return view;
}

/**
 * How a route names its record: by id, or with `idProperty` by the value of the type's unique property (contacts'
 * `email`, companies' `domain`). `hs_object_id` is the id. Any other idProperty is a 400.
 */
export type RecordKey = { by: 'id'; id: string } | { by: 'unique'; property: string; value: string };

export function recordKeyOf(objectTypeId: string, id: string, idProperty: string | undefined): RecordKey {
  if (idProperty === undefined || idProperty === '' || idProperty === 'hs_object_id') {
    return { by: 'id', id: assertRecordId(objectTypeId, id) };
  }
  const unique = uniquePropertyOf(objectTypeId);
  if (idProperty !== unique) {
    throw new AppException(
      'VALIDATION_FAILED',
      `idProperty '${idProperty}' is not a unique property of ${objectTypeId}` +
        (unique === undefined ? '; use hs_object_id' : `; use ${unique} or hs_object_id`),
      { idProperty, objectTypeId },
    );
  }
  return { by: 'unique', property: unique, value: id };
}
