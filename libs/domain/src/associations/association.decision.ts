import { assertNever, type CommandMetadata } from '../shared/decider';
import { DomainError } from '../shared/domain.error';
import {
  assertLabelsActive,
  assertNotSelf,
  assertPairTypeIds,
  assertWithinLimit,
  linkChange,
  recordName,
} from './association.rules';
import type {
  AssociationCommand,
  AssociationRemovalReason,
  LinksEvent,
  RecordKey,
  RemoveAssociation,
  RemoveAssociationLabels,
  SetAssociationLabels,
} from './association.types';
import { countOf, counterparts, type LinksState, typeIdsWith } from './links.state';
import { inverseOf, type PairTypes } from './pair-types';
import { primaryMove, type PrimaryMove } from './primary.rules';

/** The folded links streams a decision reads (ADR 0006 §2); `formerPrimaryState` only when a Primary moves. */
export interface AssociationContext {
  from: LinksState;
  to: LinksState;
  formerPrimaryState?: LinksState;
  types: PairTypes;
}
/** Events per stream, all appended together; empty arrays mean nothing changes (a retry appends nothing). */
export interface AssociationDecision {
  from: LinksEvent[];
  to: LinksEvent[];
  formerPrimary?: { objectTypeId: string; recordId: string; events: LinksEvent[] };
}

const sorted = (typeIds: Iterable<number>): number[] => [...new Set(typeIds)].sort((a, b) => a - b);

function assertPairOf(types: PairTypes, from: RecordKey, to: RecordKey): void {
  if (types.fromObjectTypeId !== from.objectTypeId || types.toObjectTypeId !== to.objectTypeId) {
    throw new DomainError(
      'PAIR_TYPES_MISMATCH',
      `The association types given are of ${types.fromObjectTypeId} → ${types.toObjectTypeId}, ` +
        `not of ${recordName(from)} → ${recordName(to)}`,
      { fromObjectTypeId: from.objectTypeId, toObjectTypeId: to.objectTypeId },
    );
  }
}

/** The inverse typeIds, for the other side; types not of the pair are left out. */
function inverses(types: PairTypes, typeIds: readonly number[]): number[] {
  return sorted(typeIds.flatMap((t) => inverseOf(types, t) ?? []));
}

/** One side's events: the typeIds it loses, then those it gains (`created` when it had none). */
function sideEvents(
  me: RecordKey,
  other: RecordKey,
  had: readonly number[],
  change: { added: number[]; removed: number[] },
  metadata: CommandMetadata,
): LinksEvent[] {
  const events: LinksEvent[] = [];
  if (change.removed.length > 0) {
    events.push({ type: 'AssociationUnlabeled', data: linkChange(me, other, change.removed, metadata) });
  }
  if (change.added.length > 0) {
    const data = { ...linkChange(me, other, change.added, metadata), created: had.length === 0 };
    events.push({ type: 'AssociationLabeled', data });
  }
  return events;
}

function setLabels(command: SetAssociationLabels, context: AssociationContext): AssociationDecision {
  const { from, to, typeIds, mode } = command.data;
  const { types } = context;
  assertPairTypeIds(types, typeIds);
  const current = typeIdsWith(context.from, to.objectTypeId, to.recordId);
  const currentTo = typeIdsWith(context.to, from.objectTypeId, from.recordId);
  // The unlabeled type is always kept; 'set' replaces USER_DEFINED labels only (hubspot-v4-api.md §1.3).
  const wanted = new Set([types.unlabeled.typeId, ...typeIds]);
  const added = sorted([...wanted].filter((t) => !current.includes(t)));
  const isCustom = (t: number) => types.labels.get(t)?.category === 'USER_DEFINED';
  const removed = mode === 'add' ? [] : sorted(current.filter((t) => !wanted.has(t) && isCustom(t)));
  if (added.length === 0 && removed.length === 0) return { from: [], to: [] };
  assertLabelsActive(types, added);
  const move = primaryMove(command, context, added);
  assertLimits(command, context, added, move);

  const toSide = {
    added: inverses(types, added).filter((t) => !currentTo.includes(t)),
    removed: inverses(types, removed).filter((t) => currentTo.includes(t)),
  };
  const decision: AssociationDecision = {
    from: [
      ...(move?.holderIsFrom ? move.holderEvents : []),
      ...sideEvents(from, to, current, { added, removed }, command.metadata),
    ],
    to: [
      ...(move && !move.holderIsFrom ? move.holderEvents : []),
      ...sideEvents(to, from, currentTo, toSide, command.metadata),
    ],
  };
  return move?.formerPrimary ? { ...decision, formerPrimary: move.formerPrimary } : decision;
}

/** Per direction: the record's count of a type plus this one stays within that type's limit (ADR 0006 §4). */
function assertLimits(
  command: SetAssociationLabels,
  context: AssociationContext,
  added: number[],
  move?: PrimaryMove,
): void {
  const { from, to } = command.data;
  const { unlabeled, labels } = context.types;
  // Moving a Primary frees the holder's slot of that typeId before taking the new one.
  const freed = (holderIsFrom: boolean, typeId: number) =>
    move?.formerPrimary && move.holderIsFrom === holderIsFrom && move.holderTypeId === typeId ? 1 : 0;
  for (const typeId of added) {
    const type = typeId === unlabeled.typeId ? { ...unlabeled, label: null, inverseLabel: null } : labels.get(typeId)!;
    const inverseTypeId = type.inverseTypeId;
    const fromCount = countOf(context.from, typeId) - freed(true, typeId);
    const toCount = countOf(context.to, inverseTypeId) - freed(false, inverseTypeId);
    assertWithinLimit({
      typeId,
      label: type.label,
      limit: type.limit,
      count: fromCount,
      record: from,
      counterpartObjectTypeId: to.objectTypeId,
    });
    assertWithinLimit({
      typeId: inverseTypeId,
      label: type.inverseLabel,
      limit: type.inverseLimit,
      count: toCount,
      record: to,
      counterpartObjectTypeId: from.objectTypeId,
    });
  }
}

function removeLabels(command: RemoveAssociationLabels, context: AssociationContext): AssociationDecision {
  const { from, to, typeIds } = command.data;
  const { types } = context;
  assertPairTypeIds(types, typeIds);
  if (typeIds.includes(types.unlabeled.typeId)) return removal(command, context, 'UNLABELED_REMOVED');
  const current = typeIdsWith(context.from, to.objectTypeId, to.recordId);
  const currentTo = typeIdsWith(context.to, from.objectTypeId, from.recordId);
  const removed = sorted(typeIds.filter((t) => current.includes(t)));
  const toRemoved = inverses(types, removed).filter((t) => currentTo.includes(t));
  const unlabeled = (me: RecordKey, other: RecordKey, ids: number[]): LinksEvent[] =>
    ids.length === 0 ? [] : [{ type: 'AssociationUnlabeled', data: linkChange(me, other, ids, command.metadata) }];
  return { from: unlabeled(from, to, removed), to: unlabeled(to, from, toRemoved) };
}

/** Removes the whole pair, each side with all the typeIds it had; a missing pair changes nothing. */
function removal(
  command: RemoveAssociation | RemoveAssociationLabels,
  context: Pick<AssociationContext, 'from' | 'to'>,
  reason: AssociationRemovalReason,
): AssociationDecision {
  const { from, to } = command.data;
  const removed = (me: RecordKey, other: RecordKey, state: LinksState): LinksEvent[] => {
    const typeIds = [...typeIdsWith(state, other.objectTypeId, other.recordId)];
    if (typeIds.length === 0) return [];
    return [{ type: 'AssociationRemoved', data: { ...linkChange(me, other, typeIds, command.metadata), reason } }];
  };
  return { from: removed(from, to, context.from), to: removed(to, from, context.to) };
}

/** Removing a whole association needs no types: the archive cascade uses it for every counterpart. */
export function decideRemoval(
  command: RemoveAssociation,
  context: Pick<AssociationContext, 'from' | 'to'>,
): AssociationDecision {
  assertNotSelf(command.data.from, command.data.to);
  return removal(command, context, command.data.reason);
}

/** One decision over the streams of both records (and a former Primary company's), ADR 0006 §2. */
export function decideAssociation(command: AssociationCommand, context: AssociationContext): AssociationDecision {
  const { from, to } = command.data;
  assertNotSelf(from, to);
  assertPairOf(context.types, from, to);
  switch (command.type) {
    case 'SetAssociationLabels':
      return setLabels(command, context);
    case 'RemoveAssociationLabels':
      return removeLabels(command, context);
    case 'RemoveAssociation':
      return removal(command, context, command.data.reason);
    default:
      return assertNever(command, 'association command');
  }
}

/** The removals an archived record's associations need (hubspot-v4-api.md §8 scenario 25), one per counterpart. */
export function archiveCascade(record: RecordKey, links: LinksState, metadata: CommandMetadata): RemoveAssociation[] {
  return [...counterparts(links)].map(({ toObjectTypeId, toRecordId }) => ({
    type: 'RemoveAssociation',
    data: { from: record, to: { objectTypeId: toObjectTypeId, recordId: toRecordId }, reason: 'RECORD_ARCHIVED' },
    metadata,
  }));
}
