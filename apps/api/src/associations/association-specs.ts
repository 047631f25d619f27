import { AppException } from '../errors/app.exception';
import type { AssociationSpecInput } from './set-association-labels/set-association-labels.command';

const CATEGORIES = new Set(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']);

/** A JSON array of `AssociationSpec` (emptiness is the domain's 400); `where` names it in the message. */
export function associationSpecs(body: unknown, where = 'the body'): AssociationSpecInput[] {
  const invalid = (why: string) =>
    new AppException('VALIDATION_FAILED', `Invalid input: ${where} must be an array of AssociationSpec (${why})`);
  if (!Array.isArray(body)) throw invalid('not an array');
  return body.map((item: unknown, index) => {
    const spec = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const { associationCategory, associationTypeId } = spec;
    if (typeof associationCategory !== 'string' || !CATEGORIES.has(associationCategory)) {
      throw invalid(`[${index}].associationCategory must be one of ${[...CATEGORIES].join(', ')}`);
    }
    if (typeof associationTypeId !== 'number' || !Number.isInteger(associationTypeId)) {
      throw invalid(`[${index}].associationTypeId must be an integer`);
    }
    return { associationCategory, associationTypeId };
  });
}

/** `{ "types": [AssociationSpec, …] }`, the body of the native add/remove-labels routes. */
export function typesBody(body: unknown): AssociationSpecInput[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppException(
      'VALIDATION_FAILED',
      'Invalid input: the body must be an object { "types": [AssociationSpec] }',
    );
  }
  return associationSpecs((body as Record<string, unknown>).types, 'types');
}
