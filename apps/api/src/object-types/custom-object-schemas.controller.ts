import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { labelCatalogueProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { CreateCustomObjectCommand } from './create-custom-object/create-custom-object.command';
import { CreateCustomObjectRequestDto } from './create-custom-object/create-custom-object.request.dto';
import { DeleteCustomObjectCommand } from './delete-custom-object/delete-custom-object.command';
import { GetCustomObjectQuery, GetCustomObjectsQuery } from './get-custom-objects/get-custom-objects.query';
import { ObjectSchemaCollectionDto, ObjectSchemaDto, ObjectTypeDefinitionDto } from './object-schema.response.dto';
import { UpdateCustomObjectCommand } from './update-custom-object/update-custom-object.command';
import { UpdateCustomObjectRequestDto } from './update-custom-object/update-custom-object.request.dto';

/** HubSpot documents `/crm/v3/schemas`; its SDK (v14) calls `/crm-object-schemas/v3/schemas`. Both route here. */
const SCHEMAS = ['crm/v3/schemas', 'crm-object-schemas/v3/schemas'];
const SCHEMA = SCHEMAS.map((path) => `${path}/:objectType`);

/**
 * Custom object schemas, HubSpot CRM schemas API wire-compatible (create 201, read and update 200, delete 204).
 * `{objectType}` is `2-<n>` or the fully-qualified name `p<accountId>_<name>`, case-insensitively. Super admins change
 * schemas; users, auditors and super admins read them.
 */
@ApiTags('custom object schemas (HubSpot v3)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'Invalid schema, or a rule is broken' })
@Controller()
export class CustomObjectSchemasController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(SCHEMAS)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name)
  @ApiOperation({ summary: "The account's custom object schemas" })
  @ApiQuery({
    name: 'archived',
    required: false,
    type: Boolean,
    description: 'Deleted schemas are not kept here (their history is in the event log): `true` lists none',
  })
  @ApiOkResponse({ type: ObjectSchemaCollectionDto })
  async getAll(
    @CurrentPrincipal() principal: Principal,
    @Query('archived') archived?: string,
  ): Promise<ObjectSchemaCollectionDto> {
    if (archived === 'true') return { results: [] };
    return { results: await this.queries.execute(new GetCustomObjectsQuery(principal.accountId)) };
  }

  @Get(SCHEMA)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name)
  @ApiOperation({ summary: 'One custom object schema, by objectTypeId or fully-qualified name' })
  @ApiOkResponse({ type: ObjectSchemaDto })
  @ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No such custom object in this account' })
  getById(@CurrentPrincipal() principal: Principal, @Param('objectType') objectType: string): Promise<ObjectSchemaDto> {
    return this.queries.execute(new GetCustomObjectQuery(principal.accountId, objectType));
  }

  @Post(SCHEMAS)
  @HttpCode(201)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Define a custom object; it gets the next objectTypeId 2-<n> of the account' })
  @ApiCreatedResponse({ type: ObjectSchemaDto })
  @ApiConflictResponse({ type: HubSpotErrorResponseDto, description: 'The name is taken' })
  async create(
    @CurrentCommand() context: CommandContext,
    @Body() body: CreateCustomObjectRequestDto,
  ): Promise<PositionedResponse<ObjectSchemaDto>> {
    const { position, result } = await this.commands.execute(new CreateCustomObjectCommand(context, body));
    return atPosition(position, result);
  }

  @Patch(SCHEMA)
  @HttpCode(200)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Change labels, description, display, required or searchable properties' })
  @ApiOkResponse({ type: ObjectTypeDefinitionDto })
  @ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No such custom object in this account' })
  async update(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Body() body: UpdateCustomObjectRequestDto,
  ): Promise<PositionedResponse<ObjectTypeDefinitionDto>> {
    const { position, result } = await this.commands.execute(new UpdateCustomObjectCommand(context, objectType, body));
    return atPosition(position, result);
  }

  @Delete(SCHEMA)
  @HttpCode(204)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Delete a custom object; refused while custom labels exist on its pairs' })
  @ApiQuery({ name: 'archived', required: false, type: Boolean, description: "HubSpot's; accepted and ignored" })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No such custom object in this account' })
  async archive(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
  ): Promise<PositionedResponse<void>> {
    const { position } = await this.commands.execute(new DeleteCustomObjectCommand(context, objectType));
    return atPosition(position, undefined);
  }
}
