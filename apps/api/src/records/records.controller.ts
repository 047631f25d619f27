import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { associationsProjection, labelCatalogueProjection, recordsProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { AppException } from '../errors/app.exception';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { ArchiveRecordCommand } from './archive-record/archive-record.command';
import { CreateRecordCommand } from './create-record/create-record.command';
import { CreateRecordRequestDto } from './create-record/create-record.request.dto';
import { createAssociationInputs } from './create-record/record-associations';
import { GetRecordQuery } from './get-record/get-record.query';
import { GetRecordsQuery } from './get-records/get-records.query';
import { afterParam, booleanParam, limitParam, listParam, writtenProperties } from './record-input';
import { toSimplePublicObject } from './record.mapper';
import { AssociatedIdsDto, SimplePublicObjectDto, SimplePublicObjectPageDto } from './record.response.dto';
import { UpdateRecordCommand } from './update-record/update-record.command';
import { UpdateRecordRequestDto } from './update-record/update-record.request.dto';

const OBJECTS = 'crm/v3/objects/:objectType';
const OBJECT = `${OBJECTS}/:id`;
type QueryValue = string | string[] | undefined;

/**
 * CRM records, HubSpot objects API v3 wire-compatible (create 201, read and update 200, archive 204). `{objectType}`
 * is any type the account has: `contacts`/`contact`/`0-1`…, an activated type, a custom object's `2-<n>` or
 * fully-qualified name. Super admins and users write records; auditors read them too.
 */
@ApiTags('records (HubSpot objects v3)')
@ApiExtraModels(AssociatedIdsDto)
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'Unknown object type or property, bad input' })
@Controller()
export class RecordsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(OBJECTS)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(recordsProjection.name, labelCatalogueProjection.name, associationsProjection.name)
  @ApiOperation({ summary: 'A page of records in id order; paging.next.after only when there are more' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-100, default 10' })
  @ApiQuery({ name: 'after', required: false, type: String })
  @ApiQuery({ name: 'properties', required: false, type: [String], description: 'Repeated or comma-joined' })
  @ApiQuery({ name: 'archived', required: false, type: Boolean, description: 'Archived records only' })
  @ApiQuery({
    name: 'associations',
    required: false,
    type: [String],
    description: 'Object types whose associated records to list (v3 type strings); repeated or comma-joined',
  })
  @ApiOkResponse({ type: SimplePublicObjectPageDto })
  getPage(
    @CurrentPrincipal() principal: Principal,
    @Param('objectType') objectType: string,
    @Query('limit') limit: QueryValue,
    @Query('after') after: QueryValue,
    @Query('properties') properties: QueryValue,
    @Query('archived') archived: QueryValue,
    @Query('associations') associations: QueryValue,
  ): Promise<SimplePublicObjectPageDto> {
    return this.queries.execute(
      new GetRecordsQuery(
        principal.accountId,
        objectType,
        limitParam(limit),
        afterParam(after),
        listParam(properties),
        booleanParam('archived', archived),
        listParam(associations),
      ),
    );
  }

  @Get(OBJECT)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(recordsProjection.name, labelCatalogueProjection.name, associationsProjection.name)
  @ApiOperation({ summary: 'One record, by id or (idProperty) by its email (contacts) or domain (companies)' })
  @ApiQuery({ name: 'properties', required: false, type: [String], description: 'Repeated or comma-joined' })
  @ApiQuery({ name: 'archived', required: false, type: Boolean, description: 'Read an archived record' })
  @ApiQuery({
    name: 'associations',
    required: false,
    type: [String],
    description: 'Object types whose associated records to list (v3 type strings); repeated or comma-joined',
  })
  @ApiQuery({ name: 'idProperty', required: false, type: String, description: 'email (contacts), domain (companies)' })
  @ApiOkResponse({ type: SimplePublicObjectDto })
  @ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No such (live) record' })
  getById(
    @CurrentPrincipal() principal: Principal,
    @Param('objectType') objectType: string,
    @Param('id') id: string,
    @Query('properties') properties: QueryValue,
    @Query('archived') archived: QueryValue,
    @Query('idProperty') idProperty: QueryValue,
    @Query('associations') associations: QueryValue,
  ): Promise<SimplePublicObjectDto> {
    return this.queries.execute(
      new GetRecordQuery(
        principal.accountId,
        objectType,
        id,
        singleParam('idProperty', idProperty),
        listParam(properties),
        booleanParam('archived', archived),
        listParam(associations),
      ),
    );
  }

  @Post(OBJECTS)
  @HttpCode(201)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Create a record; its id is the next numeric id of the account' })
  @ApiCreatedResponse({ type: SimplePublicObjectDto })
  @ApiConflictResponse({ type: HubSpotErrorResponseDto, description: 'The email (contacts) or domain is taken' })
  async create(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Body() body: CreateRecordRequestDto,
  ): Promise<PositionedResponse<SimplePublicObjectDto>> {
    const properties = writtenProperties(body.properties, 'create');
    const associations = createAssociationInputs(body.associations);
    const { position, result } = await this.commands.execute(
      new CreateRecordCommand(context, objectType, properties, associations),
    );
    return atPosition(position, toSimplePublicObject(result.record, result.objectTypeId, { kind: 'all' }));
  }

  @Patch(OBJECT)
  @HttpCode(200)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Change some properties of a record ("" or null clears one)' })
  @ApiQuery({ name: 'idProperty', required: false, type: String, description: 'email (contacts), domain (companies)' })
  @ApiOkResponse({ type: SimplePublicObjectDto })
  @ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No such live record' })
  @ApiConflictResponse({ type: HubSpotErrorResponseDto, description: 'The new email or domain is taken' })
  async update(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Param('id') id: string,
    @Query('idProperty') idProperty: QueryValue,
    @Body() body: UpdateRecordRequestDto,
  ): Promise<PositionedResponse<SimplePublicObjectDto>> {
    const command = new UpdateRecordCommand(
      context,
      objectType,
      id,
      singleParam('idProperty', idProperty),
      writtenProperties(body.properties, 'update'),
    );
    const { position, result } = await this.commands.execute(command);
    return atPosition(position, toSimplePublicObject(result.record, result.objectTypeId, { kind: 'all' }));
  }

  @Delete(OBJECT)
  @HttpCode(204)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Archive a record (404 on reads afterwards, unless archived=true)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No such record' })
  async archive(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Param('id') id: string,
  ): Promise<PositionedResponse<void>> {
    const { position } = await this.commands.execute(new ArchiveRecordCommand(context, objectType, id));
    return atPosition(position, undefined);
  }
}

function singleParam(name: string, value: QueryValue): string | undefined {
  if (Array.isArray(value)) {
    throw new AppException('VALIDATION_FAILED', `The ${name} parameter may be given once`, { [name]: value });
  }
  return value;
}
