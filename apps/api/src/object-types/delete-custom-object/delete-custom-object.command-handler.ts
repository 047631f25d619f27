import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountSchemaStream, objectTypesDecider, schemaObjectTypes } from '@app/domain';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { resolveCustomObjectType } from '../custom-object-path';
import { DeleteCustomObjectCommand } from './delete-custom-object.command';

/**
 * DELETE /crm/v3/schemas/{objectType}: refused while custom labels exist on any of the object's pairs (counted from
 * the label registry on the same schema stream, so a label created concurrently makes the append fail and re-decide).
 * Its `2-<n>` is never reused.
 */
@CommandHandler(DeleteCustomObjectCommand)
export class DeleteCustomObjectCommandHandler implements ICommandHandler<DeleteCustomObjectCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  execute({ context, objectType }: DeleteCustomObjectCommand): Promise<CommandOutcome<void>> {
    const { accountId } = context;
    return this.executor.execute(context, async () => {
      const schema = await this.schemas.loadProvisioned(context);
      const { objectTypeId } = resolveCustomObjectType(objectType, schemaObjectTypes(schema.state));
      const labelsInUse = Object.values(schema.state.labels.labels).filter(
        (l) => l.fromObjectTypeId === objectTypeId || l.toObjectTypeId === objectTypeId,
      ).length;
      const events = objectTypesDecider.decide(
        { type: 'DeleteCustomObject', data: { objectTypeId, labelsInUse }, metadata: context },
        schema.state.objectTypes,
      );
      return {
        writes: [{ stream: accountSchemaStream(accountId), expected: schema.revision ?? 'no_stream', events }],
        result: undefined,
      };
    });
  }
}
