import { AppException } from '../errors/app.exception';
import { createAssociationInputs, type CreateAssociationInput } from './create-record/record-associations';
import { isRecordId, writtenProperties } from './record-input';

/**
 * HubSpot's documented limit for the objects API's batch routes (hubspot-v4-api.md §5.1: 100 per request); a lower
 * BATCH_MAX_INPUTS lowers it.
 */
export const RECORD_BATCH_MAX_INPUTS = 100;

export interface CreateRecordInput {
  properties: Record<string, string>;
  associations: CreateAssociationInput[];
  objectWriteTraceId?: string;
}

/** An update names its record by id or, with `idProperty`, by its unique value (batch/update, batch/upsert). */
export interface UpdateRecordInput {
  id: string;
  idProperty?: string;
  properties: Record<string, string | null>;
  objectWriteTraceId?: string;
}

export interface ReadRecordsRequest {
  ids: string[];
  idProperty?: string;
  properties: string[];
  propertiesWithHistory: string[];
}

type Raw = Record<string, unknown>;

function invalid(why: string, context?: Record<string, unknown>): AppException {
  return new AppException('VALIDATION_FAILED', `Invalid input: ${why}`, context);
}

function object(value: unknown, where: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${where} must be an object`);
  return value as Raw;
}

/** `{ inputs: [...] }` with at least one input; otherwise the request is refused whole (400) before any write. */
function inputsOf(body: unknown): Raw[] {
  const { inputs } = object(body, 'the body');
  if (!Array.isArray(inputs)) throw invalid('inputs must be an array');
  if (inputs.length === 0) throw invalid('inputs must not be empty');
  return inputs.map((input, i) => object(input, `inputs[${i}]`));
}

/** An id or unique value as clients send it: a non-empty string, or an integer (written as a string). */
function idOf(value: unknown, where: string): string {
  if (typeof value === 'string' && value.trim().length > 0) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  throw invalid(`${where} must be a record id`);
}

/** With no idProperty (or hs_object_id) the id is a record id: anything else is a 400, not an input's 404. */
function recordIdOf(value: unknown, idProperty: string | undefined, where: string): string {
  const id = idOf(value, where);
  if ((idProperty === undefined || idProperty === 'hs_object_id') && !isRecordId(id)) {
    throw invalid(`${where} must be a record id (a positive integer)`, { id });
  }
  return id;
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`${where} must be a string`);
  return value;
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalid(`${where} must be an array of strings`);
  }
  return [...new Set((value as string[]).map((v) => v.trim()).filter((v) => v.length > 0))];
}

function properties(input: Raw, where: string): Raw {
  return object(input.properties, `${where}.properties`);
}

function traced<T extends object>(input: Raw, where: string, value: T): T & { objectWriteTraceId?: string } {
  const trace = optionalString(input.objectWriteTraceId, `${where}.objectWriteTraceId`);
  return trace === undefined ? value : { ...value, objectWriteTraceId: trace };
}

/** Two inputs naming the same record would race each other inside one request: HubSpot refuses them too. */
function assertDistinct(keys: readonly string[], where: string): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const key of keys) (seen.has(key) ? duplicates : seen).add(key);
  if (duplicates.size > 0) {
    throw invalid(`duplicate ${where} in the batch: ${[...duplicates].join(', ')}; each must be unique`, {
      ids: [...duplicates],
    });
  }
}

/** `BatchInputSimplePublicObjectInputForCreate` (batch/create). */
export function createRecordInputs(body: unknown): CreateRecordInput[] {
  return inputsOf(body).map((input, i) => {
    const where = `inputs[${i}]`;
    return traced(input, where, {
      properties: writtenProperties(properties(input, where), 'create'),
      associations: createAssociationInputs(input.associations),
    });
  });
}

/** `BatchInputSimplePublicObjectBatchInput` (batch/update): ids distinct (case-insensitive for unique values). */
export function updateRecordInputs(body: unknown): UpdateRecordInput[] {
  const inputs = inputsOf(body).map((input, i) => {
    const where = `inputs[${i}]`;
    const idProperty = optionalString(input.idProperty, `${where}.idProperty`);
    const update: UpdateRecordInput = {
      id: recordIdOf(input.id, idProperty, `${where}.id`),
      properties: writtenProperties(properties(input, where), 'update'),
    };
    if (idProperty !== undefined) update.idProperty = idProperty;
    return traced(input, where, update);
  });
  assertDistinct(
    inputs.map((u) => `${u.idProperty ?? 'hs_object_id'}:${u.id.trim().toLowerCase()}`),
    'ids',
  );
  return inputs;
}

/** `BatchInputSimplePublicObjectBatchInputUpsert` (batch/upsert): every input names its unique property. */
export function upsertRecordInputs(body: unknown): (UpdateRecordInput & { idProperty: string })[] {
  return updateRecordInputs(body).map((input, i) => {
    if (input.idProperty === undefined) {
      throw invalid(`inputs[${i}].idProperty must name the unique property the id is a value of`);
    }
    return { ...input, idProperty: input.idProperty };
  });
}

/** `BatchInputSimplePublicObjectId` (batch/archive): record ids. */
export function archiveRecordIds(body: unknown): string[] {
  return inputsOf(body).map((input, i) => recordIdOf(input.id, undefined, `inputs[${i}].id`));
}

/** `BatchReadInputSimplePublicObjectId` (batch/read): ids (or unique values), and what to show of each record. */
export function readRecordsRequest(body: unknown): ReadRecordsRequest {
  const raw = object(body, 'the body');
  const idProperty = optionalString(raw.idProperty, 'idProperty');
  const ids = inputsOf(body).map((input, i) => recordIdOf(input.id, idProperty, `inputs[${i}].id`));
  const request: ReadRecordsRequest = {
    ids,
    properties: stringList(raw.properties, 'properties'),
    propertiesWithHistory: stringList(raw.propertiesWithHistory, 'propertiesWithHistory'),
  };
  if (idProperty !== undefined) request.idProperty = idProperty;
  return request;
}
