import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';

/** One `AssociationSpec` of the request body. */
export interface AssociationSpecInput {
  associationCategory: string;
  associationTypeId: number;
}

export interface AssociationPath {
  fromObjectType: string;
  fromId: string;
  toObjectType: string;
  toId: string;
}

export interface SetAssociationLabelsResult {
  fromObjectTypeId: string;
  fromObjectId: string;
  toObjectTypeId: string;
  toObjectId: string;
  /** The pair's label texts after the change (from → to); the unlabeled type contributes nothing. */
  labels: string[];
  /** The pair's unlabeled typeId (from → to). */
  unlabeledTypeId: number;
}

export type AssociationLabelsRequest =
  | { kind: 'set'; types: readonly AssociationSpecInput[] }
  | { kind: 'add'; types: readonly AssociationSpecInput[] }
  | { kind: 'default' }
  | { kind: 'remove'; types: readonly AssociationSpecInput[]; requireLiveRecords?: boolean };

/**
 * `set`: the pair's USER_DEFINED labels become exactly `types` (hubspot-v4-api.md §0.2); `add`: `types` are added,
 * the pair's other labels kept (v3 batch/create, the native add-labels route); `default`: only the pair's unlabeled
 * type is added (§0.3, never Primary); `remove`: these types are taken off the pair, the unlabeled type with the whole
 * association (batch/labels/archive) — with `requireLiveRecords`, an unknown or archived record is refused rather
 * than a no-op. `step` names a batch input, so its event ids differ.
 */
export class SetAssociationLabelsCommand extends Command<CommandOutcome<SetAssociationLabelsResult>> {
  constructor(
    readonly context: CommandContext,
    readonly path: AssociationPath,
    readonly request: AssociationLabelsRequest,
    readonly step = '',
  ) {
    super();
  }
}
