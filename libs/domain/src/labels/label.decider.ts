import { assertNever, type CommandMetadata, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain.error';
import {
  assertValidLabelLimit,
  assertValidLabelNames,
  assertValidLabelText,
  USER_DEFINED_TYPE_ID_MIN,
  labelTextWarnings,
  type AssociationLimit,
  type LabelCategory,
} from './label.rules';
import { evolveLabel } from './label.evolve';
import type {
  CompleteLabelRetirement,
  DefineLabelData,
  LabelCommand,
  LabelDefinition,
  LabelEvent,
  LabelState,
  LabelTexts,
  LabelUsage,
  RenameLabel,
} from './label.types';

/*
 * HubSpot-defined types. Labelled ones (Primary 1/2, 5/6, 26/25; parent/child company 13/14) live in label
 * streams like custom labels, created by provisioning with `DefineHubSpotLabel` (category HUBSPOT_DEFINED,
 * HubSpot's fixed typeIds). Their limits are therefore set and purged with the same commands and events;
 * renaming and retiring them is refused with HUBSPOT_DEFINED_IMMUTABLE. The unlabeled type of a pair is no
 * label: its limit is the pair's overall limit, owned by the pair configuration and passed to `SetLabelLimit`
 * as `pairLimit` (lowering it below a label's limit is that owner's rule, not this decider's).
 */

const typeIdsOf = (label: LabelDefinition): number[] => [...new Set([label.forward.typeId, label.inverse.typeId])];
const textsOf = (label: LabelDefinition): LabelTexts => ({
  label: label.forward.label,
  inverseLabel: label.shape === 'paired' ? label.inverse.label : null,
});

function refuse(code: string, verb: string, labelId: string): never {
  const why = { LABEL_NOT_FOUND: 'does not exist', LABEL_RETIRING: 'is being deleted', LABEL_DELETED: 'was deleted' };
  throw new DomainError(code, `Cannot ${verb} label ${labelId}: it ${why[code as keyof typeof why]}`, { labelId });
}

/** Every command but creation and completion needs an active label. */
function activeLabel(state: LabelState, verb: string, labelId: string): LabelDefinition {
  switch (state.status) {
    case 'NotCreated':
      return refuse('LABEL_NOT_FOUND', verb, labelId);
    case 'Active':
      return state.label;
    case 'Retiring':
      return refuse('LABEL_RETIRING', verb, labelId);
    case 'Deleted':
      return refuse('LABEL_DELETED', verb, labelId);
    default:
      return assertNever(state, 'label state');
  }
}

function assertMutable(label: LabelDefinition, verb: string): void {
  if (label.category === 'HUBSPOT_DEFINED') {
    throw new DomainError(
      'HUBSPOT_DEFINED_IMMUTABLE',
      `Cannot ${verb} HubSpot-defined association type ${label.forward.typeId}`,
      { labelId: label.labelId, typeIds: typeIdsOf(label) },
    );
  }
}

function assertTypeIds(data: DefineLabelData, category: LabelCategory): void {
  const ownInverse = data.fromObjectTypeId === data.toObjectTypeId && data.shape === 'single';
  const userRange = [data.typeId, data.inverseTypeId].every((id) => id >= USER_DEFINED_TYPE_ID_MIN);
  if (ownInverse !== (data.typeId === data.inverseTypeId) || userRange !== (category === 'USER_DEFINED')) {
    throw new DomainError(
      'INVALID_TYPE_IDS',
      `TypeIds ${data.typeId}/${data.inverseTypeId} do not fit a ${category} ${data.shape} label ` +
        `for ${data.fromObjectTypeId} → ${data.toObjectTypeId}`,
      { typeId: data.typeId, inverseTypeId: data.inverseTypeId },
    );
  }
}

function create(
  data: DefineLabelData,
  state: LabelState,
  category: LabelCategory,
  { actor: by, now: at }: CommandMetadata,
): LabelEvent[] {
  if (state.status !== 'NotCreated') {
    const retried = state.status === 'Active' && state.label.forward.typeId === data.typeId;
    if (retried && state.label.forward.name === data.name) return [];
    throw new DomainError('LABEL_ALREADY_EXISTS', `Label ${data.labelId} already exists`, { labelId: data.labelId });
  }
  if (category === 'USER_DEFINED') assertValidLabelNames(data);
  const inverseLabel = data.shape === 'paired' ? data.inverseLabel : null;
  [data.label, inverseLabel].forEach((text) => text !== null && assertValidLabelText(text));
  assertTypeIds(data, category);
  const { labelId, fromObjectTypeId, toObjectTypeId, shape, typeId, inverseTypeId, name, label } = data;
  const inverseName = data.shape === 'paired' ? data.inverseName : null;
  const warnings = labelTextWarnings([label, inverseLabel]);
  const created = { labelId, category, fromObjectTypeId, toObjectTypeId, shape, typeId, inverseTypeId };
  const names = { label, inverseLabel, name, inverseName, createdBy: by, createdAt: at, warnings };
  return [{ type: 'LabelCreated', data: { ...created, ...names } }];
}

function rename(command: RenameLabel, label: LabelDefinition): LabelEvent[] {
  const { labelId, label: text, inverseLabel } = command.data;
  assertMutable(label, 'rename');
  if (label.shape === 'single' && inverseLabel !== undefined && inverseLabel !== text) {
    throw new DomainError(
      'SINGLE_LABEL_HAS_ONE_TEXT',
      `Label ${labelId} is single: both directions show "${text}", it cannot take inverse text "${inverseLabel}"`,
      { labelId, label: text, inverseLabel },
    );
  }
  const before = textsOf(label);
  const after: LabelTexts = {
    label: text,
    inverseLabel: label.shape === 'paired' ? (inverseLabel ?? label.inverse.label) : null,
  };
  [after.label, after.inverseLabel].forEach((t) => t !== null && assertValidLabelText(t));
  if (before.label === after.label && before.inverseLabel === after.inverseLabel) return [];
  const { actor: changedBy, now: changedAt } = command.metadata;
  const warnings = labelTextWarnings([after.label, after.inverseLabel]);
  return [{ type: 'LabelRenamed', data: { labelId, before, after, changedBy, changedAt, warnings } }];
}

/** `pairLimit` null: a purge back to the default, which is always within range. */
function setLimit(
  label: LabelDefinition,
  { typeId, limit, pairLimit }: { typeId: number; limit: AssociationLimit; pairLimit: AssociationLimit | null },
  { actor: changedBy, now: changedAt }: CommandMetadata,
): LabelEvent[] {
  const { labelId } = label;
  const side = [label.forward, label.inverse].find((s) => s.typeId === typeId);
  if (!side) {
    throw new DomainError(
      'TYPE_NOT_IN_LABEL',
      `Association type ${typeId} is not a direction of label ${labelId} (${typeIdsOf(label).join(', ')})`,
      { labelId, typeId, typeIds: typeIdsOf(label) },
    );
  }
  if (pairLimit !== null) assertValidLabelLimit(typeId, limit, pairLimit);
  if (side.limit === limit) return [];
  return [
    { type: 'LabelLimitChanged', data: { labelId, typeId, before: side.limit, after: limit, changedBy, changedAt } },
  ];
}

function completeRetirement(command: CompleteLabelRetirement, state: LabelState): LabelEvent[] {
  const { labelId, usage } = command.data;
  switch (state.status) {
    case 'NotCreated':
    case 'Deleted':
      return refuse(state.status === 'Deleted' ? 'LABEL_DELETED' : 'LABEL_NOT_FOUND', 'delete', labelId);
    case 'Active':
      throw new DomainError('LABEL_NOT_RETIRING', `Label ${labelId} is not being deleted`, { labelId });
    case 'Retiring': {
      const { actor: changedBy, now: changedAt } = command.metadata;
      const data = { labelId, typeIds: typeIdsOf(state.label), changedBy, changedAt };
      return usageTotal(usage) === 0
        ? [{ type: 'LabelDeleted', data }]
        : [{ type: 'LabelRetirementCancelled', data: { ...data, reason: 'IN_USE', usage } }];
    }
    default:
      return assertNever(state, 'label state');
  }
}

export function usageTotal(usage: LabelUsage): number {
  return usage.associations + usage.lists.length + usage.workflows.length + usage.reports.length;
}

export const labelDecider: Decider<LabelCommand, LabelEvent, LabelState> = {
  initialState: () => ({ status: 'NotCreated' }),

  decide(command, state) {
    const { labelId } = command.data;
    switch (command.type) {
      case 'CreateLabel':
        return create(command.data, state, 'USER_DEFINED', command.metadata);
      case 'DefineHubSpotLabel':
        return create(command.data, state, 'HUBSPOT_DEFINED', command.metadata);
      case 'RenameLabel':
        return rename(command, activeLabel(state, 'rename', labelId));
      case 'SetLabelLimit':
        return setLimit(activeLabel(state, 'set a limit on', labelId), command.data, command.metadata);
      case 'PurgeLabelLimit': {
        const purge = { typeId: command.data.typeId, limit: 'many' as const, pairLimit: null };
        return setLimit(activeLabel(state, 'purge the limit of', labelId), purge, command.metadata);
      }
      case 'RetireLabel': {
        const label = activeLabel(state, 'delete', labelId);
        assertMutable(label, 'delete');
        const { actor: changedBy, now: changedAt } = command.metadata;
        const data = { labelId, typeIds: typeIdsOf(label), changedBy, changedAt };
        return [{ type: 'LabelRetiring', data }];
      }
      case 'CompleteLabelRetirement':
        return completeRetirement(command, state);
      case 'CancelLabelRetirement': {
        if (state.status !== 'Retiring') return []; // completed or cancelled by someone else meanwhile
        const { actor: changedBy, now: changedAt } = command.metadata;
        const typeIds = typeIdsOf(state.label);
        const data = { labelId, typeIds, changedBy, changedAt, reason: 'USAGE_UNKNOWN' as const, usage: null };
        return [{ type: 'LabelRetirementCancelled', data: { ...data, detail: command.data.reason } }];
      }
      default:
        return assertNever(command, 'label command');
    }
  },

  evolve: evolveLabel,
};
