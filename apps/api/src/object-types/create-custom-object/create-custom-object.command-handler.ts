import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  accountSchemaStream,
  objectTypesDecider,
  schemaObjectTypes,
  type CustomObjectProperty,
  type CustomObjectSchema,
} from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { CommandContext } from '../../commands/command-context';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { toObjectSchema } from '../object-schema.mapper';
import type { ObjectSchemaDto } from '../object-schema.response.dto';
import { CreateCustomObjectCommand } from './create-custom-object.command';
import type { CreateCustomObjectRequestDto, CustomObjectPropertyRequestDto } from './create-custom-object.request.dto';

/** Only the fields given: optional DTO fields are present as `undefined`, and events keep no such keys. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function toProperty(property: CustomObjectPropertyRequestDto): CustomObjectProperty {
  const { name, label, type, fieldType, description, hasUniqueValue, options } = property;
  return defined({
    name,
    label,
    type,
    fieldType,
    description,
    hasUniqueValue,
    options: options?.map(({ label: text, value, displayOrder, hidden }) =>
      defined({ label: text, value, displayOrder, hidden }),
    ),
  });
}

function toSchema(request: CreateCustomObjectRequestDto, associatedObjects: string[]): CustomObjectSchema {
  return defined({
    name: request.name,
    labels: { singular: request.labels.singular, plural: request.labels.plural },
    description: request.description,
    primaryDisplayProperty: request.primaryDisplayProperty,
    secondaryDisplayProperties: request.secondaryDisplayProperties,
    requiredProperties: request.requiredProperties,
    searchableProperties: request.searchableProperties,
    properties: request.properties.map(toProperty),
    associatedObjects,
  });
}

/**
 * POST /crm/v3/schemas: defines a custom object on the schema stream, which allocates its `2-<n>`. Associated objects
 * are resolved (name or id) against the types the account has now; an unknown one refuses the whole schema.
 */
@CommandHandler(CreateCustomObjectCommand)
export class CreateCustomObjectCommandHandler implements ICommandHandler<CreateCustomObjectCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(command: CreateCustomObjectCommand): Promise<CommandOutcome<ObjectSchemaDto>> {
    try {
      return await this.define(command);
    } catch (error) {
      const replay = error instanceof DomainError && error.code === 'OBJECT_NAME_TAKEN';
      const earlier = replay ? await this.definedBySameCommand(command.context, command.request.name) : undefined;
      if (earlier) return earlier;
      throw error;
    }
  }

  /**
   * A request retried with the same Idempotency-Key finds its name taken — by itself. Answer what the first attempt
   * answered (the object as it is now) instead of a 409: the schema stream's event for the name carries the command id.
   */
  private async definedBySameCommand(
    context: CommandContext,
    name: string,
  ): Promise<CommandOutcome<ObjectSchemaDto> | undefined> {
    const events = await this.store.readStream(accountSchemaStream(context.accountId));
    const own = events.findLast(
      (e) =>
        e.type === 'CustomObjectDefined' &&
        (e.data as { name: string }).name.toLowerCase() === name.toLowerCase() &&
        e.metadata.commandId === context.commandId,
    );
    if (!own) return undefined;
    const schema = await this.schemas.load(context.accountId);
    const objectTypeId = (own.data as { objectTypeId: string }).objectTypeId;
    const object = schema.state.objectTypes.customObjects[objectTypeId];
    if (!object) return undefined;
    const result = toObjectSchema(
      { ...object, createdBy: own.metadata.actor },
      context.accountId,
      schemaObjectTypes(schema.state),
    );
    return { position: own.position, result };
  }

  private define({ context, request }: CreateCustomObjectCommand): Promise<CommandOutcome<ObjectSchemaDto>> {
    const { accountId } = context;
    return this.executor.execute(context, async () => {
      const schema = await this.schemas.loadProvisioned(context);
      const associated = (request.associatedObjects ?? []).map((name) =>
        this.schemas.resolveObjectType(schema.state, name),
      );
      const events = objectTypesDecider.decide(
        {
          type: 'DefineCustomObject',
          data: { portalId: accountId, ...toSchema(request, [...new Set(associated)]) },
          metadata: context,
        },
        schema.state.objectTypes,
      );
      const objectTypes = events.reduce(objectTypesDecider.evolve, schema.state.objectTypes);
      const [created] = events.flatMap((e) => (e.type === 'CustomObjectDefined' ? [e.data.objectTypeId] : []));
      const object = { ...objectTypes.customObjects[created!]!, createdBy: context.actor };
      const available = schemaObjectTypes({ ...schema.state, objectTypes });
      return {
        writes: [{ stream: accountSchemaStream(accountId), expected: schema.revision ?? 'no_stream', events }],
        result: toObjectSchema(object, accountId, available),
      };
    });
  }
}
