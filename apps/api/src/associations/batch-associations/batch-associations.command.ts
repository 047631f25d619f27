import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { BatchOutcome } from '../../commands/command-batch';
import type { ArchiveInput, LabeledPairInput, PairInput } from '../association-batch.input';
import type { SetAssociationLabelsResult } from '../set-association-labels/set-association-labels.command';

export interface ObjectTypePair {
  fromObjectType: string;
  toObjectType: string;
}

/** batch/create (`set`, each input like the labeled PUT) and batch/associate/default (`default`). */
export class BatchSetAssociationLabelsCommand extends Command<
  CommandOutcome<BatchOutcome<SetAssociationLabelsResult>>
> {
  constructor(
    readonly context: CommandContext,
    readonly types: ObjectTypePair,
    readonly request:
      { kind: 'set'; inputs: readonly LabeledPairInput[] } | { kind: 'default'; inputs: readonly PairInput[] },
  ) {
    super();
  }
}

/** batch/labels/archive (`labels`: RemoveAssociationLabels) and batch/archive (`archive`: whole associations). */
export class BatchRemoveAssociationsCommand extends Command<CommandOutcome<void>> {
  constructor(
    readonly context: CommandContext,
    readonly types: ObjectTypePair,
    readonly request:
      { kind: 'labels'; inputs: readonly LabeledPairInput[] } | { kind: 'archive'; inputs: readonly ArchiveInput[] },
  ) {
    super();
  }
}
