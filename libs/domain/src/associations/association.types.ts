import type { Command, DomainEvent } from '../shared/decider';

/** One record of an association, by type and id. */
export interface RecordKey {
  objectTypeId: string;
  recordId: string;
}

/**
 * One side of an association change, written to the links stream of `objectTypeId/recordId`; the counterpart is
 * `toObjectTypeId/toRecordId`. `typeIds` are in this side's direction (record → counterpart).
 */
interface LinkChange {
  objectTypeId: string;
  recordId: string;
  toObjectTypeId: string;
  toRecordId: string;
  typeIds: number[];
  changedBy: string;
  changedAt: string;
}
export type AssociationRemovalReason = 'API' | 'UNLABELED_REMOVED' | 'RECORD_ARCHIVED';

/** TypeIds added to the pair; `created` when the pair did not exist (the pair's unlabeled type is then among them). */
export type AssociationLabeled = DomainEvent<'AssociationLabeled', LinkChange & { created: boolean }>;
/** TypeIds removed; the pair stays (it keeps at least its unlabeled type). */
export type AssociationUnlabeled = DomainEvent<'AssociationUnlabeled', LinkChange>;
/** The whole pair is gone; `typeIds` are all it had. */
export type AssociationRemoved = DomainEvent<'AssociationRemoved', LinkChange & { reason: AssociationRemovalReason }>;
export type LinksEvent = AssociationLabeled | AssociationUnlabeled | AssociationRemoved;

interface Pair {
  from: RecordKey;
  to: RecordKey;
}
/**
 * `typeIds` in the from → to direction. `set` replaces the pair's USER_DEFINED labels with the given ones and keeps
 * HubSpot-defined labels and the unlabeled type (hubspot-v4-api.md §0.2, §1.3); `add` only adds. Either creates the
 * association when needed.
 */
export type SetAssociationLabels = Command<
  'SetAssociationLabels',
  Pair & { typeIds: readonly number[]; mode: 'set' | 'add' }
>;
/** Removing the pair's unlabeled type removes the whole association. */
export type RemoveAssociationLabels = Command<'RemoveAssociationLabels', Pair & { typeIds: readonly number[] }>;
export type RemoveAssociation = Command<
  'RemoveAssociation',
  Pair & { reason: Exclude<AssociationRemovalReason, 'UNLABELED_REMOVED'> }
>;
export type AssociationCommand = SetAssociationLabels | RemoveAssociationLabels | RemoveAssociation;
