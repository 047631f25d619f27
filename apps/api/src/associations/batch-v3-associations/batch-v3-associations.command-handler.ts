import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { runBatch, runBatchSteps, type BatchOutcome } from '../../commands/command-batch';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { associationItemError } from '../association-batch';
import type { TypedPairInput } from '../association-batch.input';
import type { ObjectTypePair } from '../batch-associations/batch-associations.command';
import { SetAssociationLabelsCommand } from '../set-association-labels/set-association-labels.command';
import { resolveV3Types, specOf, v3AssociationTypes, type V3AssociationType } from '../v3-association-types';
import {
  BatchArchiveV3AssociationsCommand,
  BatchCreateV3AssociationsCommand,
  type V3Association,
} from './batch-v3-associations.command';

interface ResolvedInput extends TypedPairInput {
  resolved: V3AssociationType;
}

const itemError = associationItemError(({ fromId, toId, type }: ResolvedInput) => ({
  fromObjectId: fromId,
  toObjectId: toId,
  type,
}));

/**
 * The request's object types and each input's v3 type, resolved against the account's schema stream: an unknown
 * object type or type name is the request's problem, refused (400) before any input runs.
 */
async function resolveInputs(
  schemas: AccountSchemaService,
  context: CommandContext,
  types: ObjectTypePair,
  inputs: readonly TypedPairInput[],
): Promise<ResolvedInput[]> {
  const schema = await schemas.loadProvisioned(context);
  const fromObjectTypeId = schemas.resolveObjectType(schema.state, types.fromObjectType);
  const toObjectTypeId = schemas.resolveObjectType(schema.state, types.toObjectType);
  const resolved = resolveV3Types(
    v3AssociationTypes(schema.state, fromObjectTypeId, toObjectTypeId),
    inputs.map((input) => input.type),
    { fromObjectTypeId, toObjectTypeId },
  );
  return inputs.map((input, i) => ({ ...input, resolved: resolved[i]! }));
}

/**
 * v3 batch/create: each input is the labeled-PUT decision with add semantics (its type added, the pair's other
 * labels and its unlabeled type kept), as its own command, one after the other; a failing input is reported (207).
 */
@CommandHandler(BatchCreateV3AssociationsCommand)
export class BatchCreateV3AssociationsCommandHandler implements ICommandHandler<BatchCreateV3AssociationsCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({
    context,
    types,
    inputs,
  }: BatchCreateV3AssociationsCommand): Promise<CommandOutcome<BatchOutcome<V3Association>>> {
    const resolved = await resolveInputs(this.schemas, context, types, inputs);
    return runBatch(this.executor, context, resolved, itemError, async (input, step) => {
      const path = { ...types, fromId: input.fromId, toId: input.toId };
      const { position, result } = await this.commands.execute(
        new SetAssociationLabelsCommand(context, path, { kind: 'add', types: [specOf(input.resolved)] }, step),
      );
      const association = {
        from: { id: result.fromObjectId },
        to: { id: result.toObjectId },
        type: input.resolved.name,
      };
      return { position, result: association };
    });
  }
}

/**
 * v3 batch/archive (204): each input removes its type from the pair, like batch/labels/archive (the unlabeled type
 * takes the whole association with it); in order, the first failing input fails the request.
 */
@CommandHandler(BatchArchiveV3AssociationsCommand)
export class BatchArchiveV3AssociationsCommandHandler implements ICommandHandler<BatchArchiveV3AssociationsCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({ context, types, inputs }: BatchArchiveV3AssociationsCommand): Promise<CommandOutcome<void>> {
    const resolved = await resolveInputs(this.schemas, context, types, inputs);
    return runBatchSteps(this.executor, context, resolved, (input, step) =>
      this.commands.execute(
        new SetAssociationLabelsCommand(
          context,
          { ...types, fromId: input.fromId, toId: input.toId },
          { kind: 'remove', types: [specOf(input.resolved)] },
          step,
        ),
      ),
    );
  }
}
