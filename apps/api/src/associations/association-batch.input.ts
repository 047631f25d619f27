import { AppException } from '../errors/app.exception';
import { associationSpecs } from './association-specs';
import type { AssociationSpecInput } from './set-association-labels/set-association-labels.command';

/** HubSpot's documented batch read limit (hubspot-v4-api.md §5.1), whatever BATCH_MAX_INPUTS is. */
export const BATCH_READ_MAX_INPUTS = 1000;

export interface PairInput {
  fromId: string;
  toId: string;
}
export interface LabeledPairInput extends PairInput {
  types: AssociationSpecInput[];
}
/** A v3 input: `type` is a v3 type string (an internal name such as `contact_to_company`, or a typeId). */
export interface TypedPairInput extends PairInput {
  type: string;
}
export interface ArchiveInput {
  fromId: string;
  toIds: string[];
}
export interface ReadInput {
  id: string;
  after?: string;
}

type Raw = Record<string, unknown>;

function invalid(why: string): AppException {
  return new AppException('VALIDATION_FAILED', `Invalid input: ${why}`);
}

function object(value: unknown, where: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${where} must be an object`);
  return value as Raw;
}

/** An id as clients send it: a string, or a number (written as a string). */
function id(value: unknown, where: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw invalid(`${where} must be a record id`);
}

function objectId(value: unknown, where: string): string {
  return id(object(value, where).id, `${where}.id`);
}

/** `{ inputs: [...] }` with at least one input: a body that is not is refused whole (400), before any write. */
function inputsOf(body: unknown): unknown[] {
  const { inputs } = object(body, 'the body');
  if (!Array.isArray(inputs)) throw invalid('inputs must be an array');
  if (inputs.length === 0) throw invalid('inputs must not be empty');
  return inputs;
}

/** `BatchInputPublicAssociationMultiPost` (batch/create, batch/labels/archive). */
export function labeledPairInputs(body: unknown): LabeledPairInput[] {
  return inputsOf(body).map((raw, i) => {
    const input = object(raw, `inputs[${i}]`);
    return {
      fromId: objectId(input.from, `inputs[${i}].from`),
      toId: objectId(input.to, `inputs[${i}].to`),
      types: associationSpecs(input.types, `inputs[${i}].types`),
    };
  });
}

/** `BatchInputPublicDefaultAssociationMultiPost` (batch/associate/default). */
export function pairInputs(body: unknown): PairInput[] {
  return inputsOf(body).map((raw, i) => {
    const input = object(raw, `inputs[${i}]`);
    return { fromId: objectId(input.from, `inputs[${i}].from`), toId: objectId(input.to, `inputs[${i}].to`) };
  });
}

/** v3 `BatchInputPublicAssociation` (v3 batch/create, batch/archive). */
export function typedPairInputs(body: unknown): TypedPairInput[] {
  return inputsOf(body).map((raw, i) => {
    const input = object(raw, `inputs[${i}]`);
    if (typeof input.type !== 'string' || input.type.trim().length === 0) {
      throw invalid(`inputs[${i}].type must be an association type name`);
    }
    return {
      fromId: objectId(input.from, `inputs[${i}].from`),
      toId: objectId(input.to, `inputs[${i}].to`),
      type: input.type.trim(),
    };
  });
}

/** `BatchInputPublicAssociationMultiArchive` (batch/archive). */
export function archiveInputs(body: unknown): ArchiveInput[] {
  return inputsOf(body).map((raw, i) => {
    const input = object(raw, `inputs[${i}]`);
    if (!Array.isArray(input.to)) throw invalid(`inputs[${i}].to must be an array`);
    return {
      fromId: objectId(input.from, `inputs[${i}].from`),
      toIds: input.to.map((to: unknown, j) => objectId(to, `inputs[${i}].to[${j}]`)),
    };
  });
}

/** `BatchInputPublicFetchAssociationsBatchRequest` (batch/read). */
export function readInputs(body: unknown): ReadInput[] {
  return inputsOf(body).map((raw, i) => {
    const input = object(raw, `inputs[${i}]`);
    const read: ReadInput = { id: id(input.id, `inputs[${i}].id`) };
    if (input.after !== undefined && input.after !== null) {
      if (typeof input.after !== 'string') throw invalid(`inputs[${i}].after must be a string`);
      read.after = input.after;
    }
    return read;
  });
}
