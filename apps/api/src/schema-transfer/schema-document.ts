import { AppException } from '../errors/app.exception';

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

/** GET /api/v1/schema/export's answer and POST /api/v1/schema/import's body. */
export interface SchemaDocument {
  format: typeof SCHEMA_FORMAT;
  version: 1;
  sourceAccountId: string;
  labels: SchemaLabel[];
  pairLimits: SchemaPairLimit[];
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
  return { format: SCHEMA_FORMAT, version: 1, sourceAccountId: String(body.sourceAccountId ?? ''), labels, pairLimits };
}
