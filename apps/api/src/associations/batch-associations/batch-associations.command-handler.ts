import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { runBatch, runBatchSteps, type BatchOutcome } from '../../commands/command-batch';
import { associationItemError } from '../association-batch';
import type { PairInput } from '../association-batch.input';
import { RemoveAssociationCommand } from '../remove-association/remove-association.command';
import {
  SetAssociationLabelsCommand,
  type SetAssociationLabelsResult,
} from '../set-association-labels/set-association-labels.command';
import {
  BatchRemoveAssociationsCommand,
  BatchSetAssociationLabelsCommand,
  type ObjectTypePair,
} from './batch-associations.command';

const itemError = associationItemError(({ fromId, toId }: PairInput) => ({ fromObjectId: fromId, toObjectId: toId }));

/** Unknown object types are the request's problem: refused (400) before any input runs. */
async function assertObjectTypes(
  schemas: AccountSchemaService,
  context: BatchSetAssociationLabelsCommand['context'],
  types: ObjectTypePair,
): Promise<void> {
  const schema = await schemas.loadProvisioned(context);
  schemas.resolveObjectType(schema.state, types.fromObjectType);
  schemas.resolveObjectType(schema.state, types.toObjectType);
}

/**
 * POST /crm/v4/associations/{from}/{to}/batch/create and …/batch/associate/default: each input is the single-pair
 * decision (labeled PUT / default PUT) as its own command, one after the other; a failing input is reported.
 */
@CommandHandler(BatchSetAssociationLabelsCommand)
export class BatchSetAssociationLabelsCommandHandler implements ICommandHandler<BatchSetAssociationLabelsCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({
    context,
    types,
    request,
  }: BatchSetAssociationLabelsCommand): Promise<CommandOutcome<BatchOutcome<SetAssociationLabelsResult>>> {
    await assertObjectTypes(this.schemas, context, types);
    const path = (input: PairInput) => ({ ...types, fromId: input.fromId, toId: input.toId });
    if (request.kind === 'default') {
      return runBatch(this.executor, context, request.inputs, itemError, (input, step) =>
        this.commands.execute(new SetAssociationLabelsCommand(context, path(input), { kind: 'default' }, step)),
      );
    }
    return runBatch(this.executor, context, request.inputs, itemError, (input, step) =>
      this.commands.execute(
        new SetAssociationLabelsCommand(context, path(input), { kind: 'set', types: input.types }, step),
      ),
    );
  }
}

/**
 * POST …/batch/labels/archive and …/batch/archive (204): each pair its own command, in order; the first failing
 * input fails the request (the ones before it stay applied, and are no-ops when retried).
 */
@CommandHandler(BatchRemoveAssociationsCommand)
export class BatchRemoveAssociationsCommandHandler implements ICommandHandler<BatchRemoveAssociationsCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({ context, types, request }: BatchRemoveAssociationsCommand): Promise<CommandOutcome<void>> {
    await assertObjectTypes(this.schemas, context, types);
    if (request.kind === 'labels') {
      return runBatchSteps(this.executor, context, request.inputs, (input, step) =>
        this.commands.execute(
          new SetAssociationLabelsCommand(
            context,
            { ...types, fromId: input.fromId, toId: input.toId },
            { kind: 'remove', types: input.types },
            step,
          ),
        ),
      );
    }
    const pairs = request.inputs.flatMap((input) => input.toIds.map((toId) => ({ fromId: input.fromId, toId })));
    return runBatchSteps(this.executor, context, pairs, (pair, step) =>
      this.commands.execute(new RemoveAssociationCommand(context, { ...types, ...pair }, step)),
    );
  }
}
