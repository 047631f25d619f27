import { assertNever } from '../shared/decider';
import type { LabelEvent, LabelState } from './label.types';

/** Folds a label stream; limits and texts live per direction. */
export function evolveLabel(state: LabelState, event: LabelEvent): LabelState {
  switch (event.type) {
    case 'LabelCreated': {
      const { labelId, category, fromObjectTypeId, toObjectTypeId, shape, createdBy, createdAt } = event.data;
      const { typeId, inverseTypeId, name, label, inverseName, inverseLabel } = event.data;
      const forward = { typeId, name, label, limit: 'many' as const };
      const inverse = {
        typeId: inverseTypeId,
        name: inverseName ?? name,
        label: inverseLabel ?? label,
        limit: 'many' as const,
      };
      const definition = {
        labelId,
        category,
        fromObjectTypeId,
        toObjectTypeId,
        shape,
        forward,
        inverse,
        createdBy,
        createdAt,
      };
      return { status: 'Active', label: definition };
    }
    default:
      return state.status === 'NotCreated' ? state : evolveDefinition(state, event);
  }
}

function evolveDefinition(state: Exclude<LabelState, { status: 'NotCreated' }>, event: LabelEvent): LabelState {
  const { label } = state;
  switch (event.type) {
    case 'LabelCreated':
      return state;
    case 'LabelRenamed': {
      const { label: text, inverseLabel } = event.data.after;
      const forward = { ...label.forward, label: text };
      const inverse = { ...label.inverse, label: inverseLabel ?? text };
      return { ...state, label: { ...label, forward, inverse } };
    }
    case 'LabelLimitChanged': {
      // A same-object single label has one typeId on both sides: both follow it.
      const apply = <S extends { typeId: number }>(s: S): S =>
        s.typeId === event.data.typeId ? { ...s, limit: event.data.after } : s;
      return { ...state, label: { ...label, forward: apply(label.forward), inverse: apply(label.inverse) } };
    }
    case 'LabelRetiring':
      return { status: 'Retiring', label };
    case 'LabelRetirementCancelled':
      return { status: 'Active', label };
    case 'LabelDeleted':
      return { status: 'Deleted', label };
    default:
      return assertNever(event, 'label event');
  }
}
