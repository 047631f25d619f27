import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { BatchOutcome } from '../../commands/command-batch';
import type { TypedPairInput } from '../association-batch.input';
import type { ObjectTypePair } from '../batch-associations/batch-associations.command';

/** v3 `PublicAssociation`: one created association, `type` the v3 name of the type added. */
export interface V3Association {
  from: { id: string };
  to: { id: string };
  type: string;
}

/** POST /crm/v3/associations/{from}/{to}/batch/create: each input adds its type to the pair (add semantics). */
export class BatchCreateV3AssociationsCommand extends Command<CommandOutcome<BatchOutcome<V3Association>>> {
  constructor(
    readonly context: CommandContext,
    readonly types: ObjectTypePair,
    readonly inputs: readonly TypedPairInput[],
  ) {
    super();
  }
}

/** POST /crm/v3/associations/{from}/{to}/batch/archive: each input removes its type (the unlabeled one: the pair). */
export class BatchArchiveV3AssociationsCommand extends Command<CommandOutcome<void>> {
  constructor(
    readonly context: CommandContext,
    readonly types: ObjectTypePair,
    readonly inputs: readonly TypedPairInput[],
  ) {
    super();
  }
}
