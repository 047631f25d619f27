import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accountSchemaStream,
  objectTypesDecider,
  schemaObjectTypes,
  type CustomObjectDefinition,
  type CustomObjectMutablePart,
} from '@app/domain';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { resolveCustomObjectType } from '../custom-object-path';
import { toObjectTypeDefinition } from '../object-schema.mapper';
import type { ObjectTypeDefinitionDto } from '../object-schema.response.dto';
import { UpdateCustomObjectCommand } from './update-custom-object.command';
import type { UpdateCustomObjectRequestDto } from './update-custom-object.request.dto';

/** The patch as the decider's changes: absent (or null) fields stay, `clearDescription` clears, labels merge per text. */
function changesOf(request: UpdateCustomObjectRequestDto, current: CustomObjectDefinition) {
  const changes: Partial<CustomObjectMutablePart> = {};
  if (request.labels != null) {
    changes.labels = {
      singular: request.labels.singular ?? current.labels.singular,
      plural: request.labels.plural ?? current.labels.plural,
    };
  }
  if (request.clearDescription === true) changes.description = null;
  else if (request.description != null) changes.description = request.description;
  const lists = ['secondaryDisplayProperties', 'requiredProperties', 'searchableProperties'] as const;
  for (const field of lists) if (request[field] != null) changes[field] = [...request[field]];
  if (request.primaryDisplayProperty != null) changes.primaryDisplayProperty = request.primaryDisplayProperty;
  return changes;
}

/** PATCH /crm/v3/schemas/{objectType}: labels, description, display/required/searchable properties. */
@CommandHandler(UpdateCustomObjectCommand)
export class UpdateCustomObjectCommandHandler implements ICommandHandler<UpdateCustomObjectCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  execute({
    context,
    objectType,
    request,
  }: UpdateCustomObjectCommand): Promise<CommandOutcome<ObjectTypeDefinitionDto>> {
    const { accountId } = context;
    return this.executor.execute(context, async () => {
      const schema = await this.schemas.loadProvisioned(context);
      const { objectTypeId } = resolveCustomObjectType(objectType, schemaObjectTypes(schema.state));
      const current = schema.state.objectTypes.customObjects[objectTypeId]!;
      const events = objectTypesDecider.decide(
        { type: 'UpdateCustomObject', data: { objectTypeId, changes: changesOf(request, current) }, metadata: context },
        schema.state.objectTypes,
      );
      const updated = events.reduce(objectTypesDecider.evolve, schema.state.objectTypes).customObjects[objectTypeId]!;
      return {
        writes: [{ stream: accountSchemaStream(accountId), expected: schema.revision ?? 'no_stream', events }],
        result: toObjectTypeDefinition(updated, accountId),
      };
    });
  }
}
