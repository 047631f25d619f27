import type { Command, DomainEvent } from '../shared/decider';
import type { AssociationLimit, LabelCategory, LabelShape } from './label.rules';

/** One label definition's lifecycle, both directions (DESIGN.md §6). */
export function labelStream(accountId: string, labelId: string): string {
  return `label-${accountId}.${labelId}`;
}

/** Names and texts of a label; `label`/`name` belong to from→to, `inverse*` to to→from. */
export type LabelSpec =
  | { shape: 'single'; name: string; label: string }
  | { shape: 'paired'; name: string; label: string; inverseName: string; inverseLabel: string };

/** The typeIds come from the schema stream's `LabelRegistered` (or HubSpot's fixed table). */
export type DefineLabelData = {
  labelId: string;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  typeId: number;
  inverseTypeId: number;
} & LabelSpec;

/** Where a label is still used when its retirement completes (hubspot-v4-api.md §0.4). */
export interface LabelUsage {
  associations: number;
  lists: readonly string[];
  workflows: readonly string[];
  reports: readonly string[];
}

export type CreateLabel = Command<'CreateLabel', DefineLabelData>;
/** Provisioning of HubSpot's labelled types (Primary, parent/child company): see label.decider.ts. */
export type DefineHubSpotLabel = Command<'DefineHubSpotLabel', DefineLabelData>;
/** Display text only; a single label has one text, a paired one may change either side. */
export type RenameLabel = Command<'RenameLabel', { labelId: string; label: string; inverseLabel?: string }>;
/** `pairLimit`: the pair's overall (unlabeled) limit in the typeId's direction, as the caller read it. */
export type SetLabelLimit = Command<
  'SetLabelLimit',
  { labelId: string; typeId: number; limit: AssociationLimit; pairLimit: AssociationLimit }
>;
export type PurgeLabelLimit = Command<'PurgeLabelLimit', { labelId: string; typeId: number }>;
export type RetireLabel = Command<'RetireLabel', { labelId: string }>;
/** Sent once read models have passed `LabelRetiring`, with the usage they report. */
export type CompleteLabelRetirement = Command<'CompleteLabelRetirement', { labelId: string; usage: LabelUsage }>;
/** Sent when the usage could not be established in time: the label goes back to active, nothing is deleted. */
export type CancelLabelRetirement = Command<'CancelLabelRetirement', { labelId: string; reason: string }>;
export type LabelCommand =
  | CreateLabel
  | DefineHubSpotLabel
  | RenameLabel
  | SetLabelLimit
  | PurgeLabelLimit
  | RetireLabel
  | CompleteLabelRetirement
  | CancelLabelRetirement;

export interface LabelTexts {
  label: string;
  /** Null for a single label. */
  inverseLabel: string | null;
}
interface Changed {
  labelId: string;
  changedBy: string;
  changedAt: string;
}

export type LabelCreated = DomainEvent<
  'LabelCreated',
  LabelTexts & {
    labelId: string;
    category: LabelCategory;
    fromObjectTypeId: string;
    toObjectTypeId: string;
    shape: LabelShape;
    typeId: number;
    /** Equal to `typeId` for a same-object single label. */
    inverseTypeId: number;
    name: string;
    inverseName: string | null;
    createdBy: string;
    createdAt: string;
    warnings: string[];
  }
>;
export type LabelRenamed = DomainEvent<
  'LabelRenamed',
  Changed & { before: LabelTexts; after: LabelTexts; warnings: string[] }
>;
export type LabelLimitChanged = DomainEvent<
  'LabelLimitChanged',
  Changed & { typeId: number; before: AssociationLimit; after: AssociationLimit }
>;
export type LabelRetiring = DomainEvent<'LabelRetiring', Changed & { typeIds: number[] }>;
export type LabelRetirementCancelled = DomainEvent<
  'LabelRetirementCancelled',
  Changed & {
    typeIds: number[];
    /** Why the label stays: it is in use (see `usage`), or its usage could not be established (`usage` null). */
    reason: 'IN_USE' | 'USAGE_UNKNOWN';
    usage: LabelUsage | null;
    detail?: string;
  }
>;
export type LabelDeleted = DomainEvent<'LabelDeleted', Changed & { typeIds: number[] }>;
export type LabelEvent =
  LabelCreated | LabelRenamed | LabelLimitChanged | LabelRetiring | LabelRetirementCancelled | LabelDeleted;

export interface LabelSide {
  typeId: number;
  name: string;
  label: string;
  limit: AssociationLimit;
}
export interface LabelDefinition {
  labelId: string;
  category: LabelCategory;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  shape: LabelShape;
  /** from→to. */
  forward: LabelSide;
  /** to→from; the same typeId as `forward` for a same-object single label. */
  inverse: LabelSide;
  createdBy: string;
  createdAt: string;
}
export type LabelState =
  | { status: 'NotCreated' }
  | { status: 'Active'; label: LabelDefinition }
  | { status: 'Retiring'; label: LabelDefinition }
  | { status: 'Deleted'; label: LabelDefinition };
