import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AppException } from '../errors/app.exception';
import { CreateCustomObjectRequestDto } from '../object-types/create-custom-object/create-custom-object.request.dto';

export const SCHEMA_FORMAT = 'association-labels-schema';

/** One custom label as another account can recreate it; typeIds are the source account's, for the mapping. */
export interface SchemaLabel {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  shape: 'single' | 'paired';
  name: string;
  label: string;
  /** Paired labels only. */
  inverseName?: string;
  inverseLabel?: string;
  typeId: number;
  inverseTypeId: number;
  /** Limit from → to and to → from; null is "many". */
  limit: number | null;
  inverseLimit: number | null;
}

/** An overall (unlabeled) limit of one direction of a pair. */
export interface SchemaPairLimit {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  limit: number;
}

/**
 * A custom object type as another account can recreate it: what `POST /crm/v3/schemas` takes, plus its type id in
 * the source account (labels and limits name it; the target's own `2-<n>` may differ). Matched by name, immutable.
 */
/**
 * The limit of one direction of a HubSpot-defined label (Primary, parent/child company, …). Their typeIds are the same
 * in every account, so they need no mapping.
 */
export interface SchemaHubSpotLabelLimit {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  typeId: number;
  limit: number;
}

export interface SchemaObjectType {
  objectTypeId: string;
  name: string;
  labels: { singular: string; plural: string };
  description?: string;
  primaryDisplayProperty?: string;
  secondaryDisplayProperties?: string[];
  requiredProperties?: string[];
  searchableProperties?: string[];
  properties: CreateCustomObjectRequestDto['properties'];
  /** Type ids in the source account. */
  associatedObjects: string[];
}

/** GET /api/v1/schema/export's answer and POST /api/v1/schema/import's body. */
export interface SchemaDocument {
  format: typeof SCHEMA_FORMAT;
  version: 1;
  sourceAccountId: string;
  /** Built-in object types the source account activated (appointments, listings, …). Absent in older documents. */
  activatedObjectTypes: string[];
  /** The source's custom object types. Absent in older documents. */
  objectTypes: SchemaObjectType[];
  labels: SchemaLabel[];
  pairLimits: SchemaPairLimit[];
  /** Absent in documents exported before it was carried: read as none. */
  hubspotLabelLimits: SchemaHubSpotLabelLimit[];
}

const invalid = (why: string) => new AppException('VALIDATION_FAILED', `Invalid schema document: ${why}`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, where: string): string => {
  if (typeof v !== 'string' || v.length === 0) throw invalid(`${where} must be a non-empty string`);
  return v;
};
const int = (v: unknown, where: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw invalid(`${where} must be a positive integer`);
  return v;
};
const limit = (v: unknown, where: string): number | null => (v === null || v === undefined ? null : int(v, where));

const CUSTOM_TYPE_ID = /^2-\d+$/;

function messagesOf(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${path}${m}`),
    ...messagesOf(e.children ?? [], `${path}${e.property}.`),
  ]);
}

/** A custom object type of the document, checked as `POST /crm/v3/schemas` checks its body. */
function objectTypeOf(raw: unknown, i: number): SchemaObjectType {
  const at = `objectTypes[${i}]`;
  if (!isObject(raw)) throw invalid(`${at} must be an object`);
  const objectTypeId = str(raw.objectTypeId, `${at}.objectTypeId`);
  if (!CUSTOM_TYPE_ID.test(objectTypeId)) throw invalid(`${at}.objectTypeId must be a custom object type id (2-<n>)`);
  const { objectTypeId: _id, ...body } = raw;
  const dto = plainToInstance(CreateCustomObjectRequestDto, body);
  const problems = messagesOf(validateSync(dto, { forbidUnknownValues: false }));
  if (problems.length > 0) throw invalid(`${at}: ${problems.join('; ')}`);
  return {
    objectTypeId,
    name: dto.name,
    labels: { singular: dto.labels.singular, plural: dto.labels.plural },
    ...(dto.description !== undefined ? { description: dto.description } : {}),
    ...(dto.primaryDisplayProperty !== undefined ? { primaryDisplayProperty: dto.primaryDisplayProperty } : {}),
    ...(dto.secondaryDisplayProperties !== undefined
      ? { secondaryDisplayProperties: dto.secondaryDisplayProperties }
      : {}),
    ...(dto.requiredProperties !== undefined ? { requiredProperties: dto.requiredProperties } : {}),
    ...(dto.searchableProperties !== undefined ? { searchableProperties: dto.searchableProperties } : {}),
    properties: dto.properties,
    associatedObjects: dto.associatedObjects ?? [],
  };
}

/** Reads a schema document (what an export wrote); anything malformed is a 400 before anything is written. */
export function schemaDocumentOf(body: unknown): SchemaDocument {
  if (!isObject(body)) throw invalid('the body must be a JSON object from GET /api/v1/schema/export');
  if (body.format !== SCHEMA_FORMAT || body.version !== 1) {
    throw invalid(`format must be "${SCHEMA_FORMAT}" and version 1`);
  }
  if (!Array.isArray(body.labels) || !Array.isArray(body.pairLimits))
    throw invalid('labels and pairLimits must be arrays');
  const labels = body.labels.map((raw: unknown, i): SchemaLabel => {
    if (!isObject(raw)) throw invalid(`labels[${i}] must be an object`);
    const at = (k: string) => `labels[${i}].${k}`;
    const shape = raw.shape;
    if (shape !== 'single' && shape !== 'paired') throw invalid(`${at('shape')} must be single or paired`);
    return {
      fromObjectTypeId: str(raw.fromObjectTypeId, at('fromObjectTypeId')),
      toObjectTypeId: str(raw.toObjectTypeId, at('toObjectTypeId')),
      shape,
      name: str(raw.name, at('name')),
      label: str(raw.label, at('label')),
      ...(shape === 'paired'
        ? {
            inverseName: str(raw.inverseName, at('inverseName')),
            inverseLabel: str(raw.inverseLabel, at('inverseLabel')),
          }
        : {}),
      typeId: int(raw.typeId, at('typeId')),
      inverseTypeId: int(raw.inverseTypeId, at('inverseTypeId')),
      limit: limit(raw.limit, at('limit')),
      inverseLimit: limit(raw.inverseLimit, at('inverseLimit')),
    };
  });
  const pairLimits = body.pairLimits.map((raw: unknown, i): SchemaPairLimit => {
    if (!isObject(raw)) throw invalid(`pairLimits[${i}] must be an object`);
    return {
      fromObjectTypeId: str(raw.fromObjectTypeId, `pairLimits[${i}].fromObjectTypeId`),
      toObjectTypeId: str(raw.toObjectTypeId, `pairLimits[${i}].toObjectTypeId`),
      limit: int(raw.limit, `pairLimits[${i}].limit`),
    };
  });
  const rawHubSpotLimits = body.hubspotLabelLimits ?? [];
  if (!Array.isArray(rawHubSpotLimits)) throw invalid('hubspotLabelLimits must be an array when present');
  const hubspotLabelLimits = rawHubSpotLimits.map((raw: unknown, i): SchemaHubSpotLabelLimit => {
    const at = `hubspotLabelLimits[${i}]`;
    if (!isObject(raw)) throw invalid(`${at} must be an object`);
    return {
      fromObjectTypeId: str(raw.fromObjectTypeId, `${at}.fromObjectTypeId`),
      toObjectTypeId: str(raw.toObjectTypeId, `${at}.toObjectTypeId`),
      typeId: int(raw.typeId, `${at}.typeId`),
      limit: int(raw.limit, `${at}.limit`),
    };
  });
  const rawTypes = body.objectTypes ?? [];
  const rawActivated = body.activatedObjectTypes ?? [];
  if (!Array.isArray(rawTypes) || !Array.isArray(rawActivated)) {
    throw invalid('objectTypes and activatedObjectTypes must be arrays when present');
  }
  const objectTypes = rawTypes.map(objectTypeOf);
  const activatedObjectTypes = rawActivated.map((v: unknown, i) => str(v, `activatedObjectTypes[${i}]`));
  return {
    format: SCHEMA_FORMAT,
    version: 1,
    sourceAccountId: String(body.sourceAccountId ?? ''),
    activatedObjectTypes,
    objectTypes,
    labels,
    pairLimits,
    hubspotLabelLimits,
  };
}
