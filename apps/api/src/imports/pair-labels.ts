import { labelRefs, type LabelDefinition } from '@app/domain';
import { labelDirections, type LabelDirection } from '@app/domain/imports';
import type { AccountSchemaService } from '../schema/account-schema.service';

/**
 * The directions of every live label between two object types (both ways), from the schema and label streams — the
 * write side, not the label catalogue, which may lag a label created a moment ago. What import rows and export
 * cells name labels by.
 */
export async function pairLabelDirections(
  schemas: AccountSchemaService,
  accountId: string,
  a: string,
  b: string,
): Promise<LabelDirection[]> {
  const schema = await schemas.load(accountId);
  const refs = labelRefs(schema.state).filter(
    (r) => (r.fromObjectTypeId === a && r.toObjectTypeId === b) || (r.fromObjectTypeId === b && r.toObjectTypeId === a),
  );
  const labels = await Promise.all(refs.map((r) => schemas.loadLabel(accountId, r.labelId)));
  const live = labels.flatMap(({ state }): LabelDefinition[] =>
    state.status === 'Active' || state.status === 'Retiring' ? [state.label] : [],
  );
  return labelDirections(live);
}

/**
 * How an export cell names a label so that the importer reads it back as that label: its text, unless the text
 * holds `;` or could be read as another label of the direction (a shared text, another's internal name) — then its
 * internal name, which is unique within the pair.
 */
export function labelCellName(direction: LabelDirection, sameDirection: readonly LabelDirection[]): string {
  const text = direction.text.toLowerCase();
  const clash = sameDirection.some(
    (other) =>
      other.typeId !== direction.typeId && (other.text.toLowerCase() === text || other.name.toLowerCase() === text),
  );
  return direction.text.includes(';') || direction.text.trim() !== direction.text || clash
    ? direction.name
    : direction.text;
}
