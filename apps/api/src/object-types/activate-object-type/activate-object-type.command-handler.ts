import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ACTIVATABLE_OBJECT_TYPES, accountSchemaStream, objectTypesDecider } from '@app/domain';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { ActivateObjectTypeCommand } from './activate-object-type.command';

/** The type id an activatable type's path spelling names; other spellings pass as they are, for the decider to refuse. */
function activatableTypeId(objectType: string): string {
  const wanted = objectType.toLowerCase();
  const found = ACTIVATABLE_OBJECT_TYPES.find((t) => [t.objectTypeId, t.singularName, t.pluralName].includes(wanted));
  return found?.objectTypeId ?? objectType;
}

/** POST /api/v1/object-types/{objectTypeId}/activate: makes an admin-activated object type available. Idempotent. */
@CommandHandler(ActivateObjectTypeCommand)
export class ActivateObjectTypeCommandHandler implements ICommandHandler<ActivateObjectTypeCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  execute({
    context,
    objectType,
  }: ActivateObjectTypeCommand): Promise<CommandOutcome<{ objectTypeId: string; activated: true }>> {
    const objectTypeId = activatableTypeId(objectType);
    return this.executor.execute(context, async () => {
      const schema = await this.schemas.loadProvisioned(context);
      const events = objectTypesDecider.decide(
        { type: 'ActivateObjectType', data: { objectTypeId }, metadata: context },
        schema.state.objectTypes,
      );
      return {
        writes: [{ stream: accountSchemaStream(context.accountId), expected: schema.revision ?? 'no_stream', events }],
        result: { objectTypeId, activated: true as const },
      };
    });
  }
}
