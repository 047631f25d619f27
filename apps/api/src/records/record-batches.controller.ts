import { Body, Controller, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { labelCatalogueProjection, recordsProjection, type RecordView } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { multiStatusEnvelope } from '../http/batch-envelope';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { assertBatchSize } from '../http/batch-size';
import { BatchArchiveRecordsCommand } from './batch-archive-records/batch-archive-records.command';
import { BatchCreateRecordsCommand } from './batch-create-records/batch-create-records.command';
import { BatchReadRecordsQuery } from './batch-read-records/batch-read-records.query';
import { BatchUpdateRecordsCommand } from './batch-update-records/batch-update-records.command';
import { BatchUpsertRecordsCommand } from './batch-upsert-records/batch-upsert-records.command';
import {
  RECORD_BATCH_MAX_INPUTS,
  archiveRecordIds,
  createRecordInputs,
  readRecordsRequest,
  updateRecordInputs,
  upsertRecordInputs,
} from './record-batch.input';
import {
  ArchiveRecordBatchInputDto,
  CreateRecordBatchInputDto,
  ReadRecordBatchInputDto,
  RecordSearchPageDto,
  RecordSearchRequestDto,
  SimplePublicObjectBatchDto,
  SimplePublicUpsertObjectBatchDto,
  UpdateRecordBatchInputDto,
} from './record-batch.response.dto';
import { booleanParam } from './record-input';
import { toSimplePublicObject } from './record.mapper';
import type { SimplePublicObjectDto } from './record.response.dto';
import { searchRequestOf } from './search-records/record-search';
import { SearchRecordsQuery } from './search-records/search-records.query';

const OBJECTS = 'crm/v3/objects/:objectType';
const BATCH = `${OBJECTS}/batch`;

interface WrittenRecord {
  objectTypeId: string;
  record: RecordView;
  objectWriteTraceId?: string;
}

/** A written record as a write answers it: every stored property, and the input's trace id when it sent one. */
function written({ objectTypeId, record, objectWriteTraceId }: WrittenRecord): SimplePublicObjectDto {
  const dto = toSimplePublicObject(record, objectTypeId, { kind: 'all' });
  return objectWriteTraceId === undefined ? dto : { ...dto, objectWriteTraceId };
}

/**
 * Batches and search of CRM records, HubSpot objects API v3 wire-compatible (hubspot-v4-api.md §2.5), for the typed
 * routes (`contacts`, …) and any `{objectType}` the account has. Each write input is the single-record command, run
 * as its own command one after the other; request-level problems (no inputs, more than 100, a malformed body, an
 * unknown object type or property, a bad idProperty) are a 400 before anything is written.
 */
@ApiTags('records (HubSpot objects v3)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({
  type: HubSpotErrorResponseDto,
  description: 'Malformed body, no inputs, too many inputs, unknown object type or property, bad idProperty',
})
@Controller()
export class RecordBatchesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly config: AppConfig,
  ) {}

  /** HubSpot's 100, or BATCH_MAX_INPUTS when that is lower. */
  private get maxInputs(): number {
    return Math.min(RECORD_BATCH_MAX_INPUTS, this.config.BATCH_MAX_INPUTS);
  }

  @Post(`${BATCH}/create`)
  @HttpCode(201)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Create records, each as the single creation (with its associations), input by input' })
  @ApiBody({ type: CreateRecordBatchInputDto })
  @ApiCreatedResponse({ type: SimplePublicObjectBatchDto })
  @ApiResponse({ status: 207, type: SimplePublicObjectBatchDto, description: 'Some inputs failed: see `errors`' })
  async create(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PositionedResponse<SimplePublicObjectBatchDto>> {
    const inputs = createRecordInputs(body);
    assertBatchSize(inputs, this.maxInputs);
    const { position, result } = await this.commands.execute(
      new BatchCreateRecordsCommand(context, objectType, inputs),
    );
    return atPosition(position, multiStatusEnvelope(reply, result.results.map(written), result));
  }

  @Post(`${BATCH}/read`)
  @HttpCode(200)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(recordsProjection.name, labelCatalogueProjection.name)
  @ApiOperation({ summary: 'Records by id or (idProperty) unique value; unknown ids in one error (207)' })
  @ApiQuery({ name: 'archived', required: false, type: Boolean, description: 'Archived records only' })
  @ApiBody({ type: ReadRecordBatchInputDto })
  @ApiOkResponse({ type: SimplePublicObjectBatchDto })
  @ApiResponse({ status: 207, type: SimplePublicObjectBatchDto, description: 'Some ids name no record' })
  async read(
    @CurrentPrincipal() principal: Principal,
    @Param('objectType') objectType: string,
    @Query('archived') archived: string | string[] | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SimplePublicObjectBatchDto> {
    const startedAt = new Date().toISOString();
    const request = readRecordsRequest(body);
    assertBatchSize(request.ids, this.maxInputs);
    const { results, errors } = await this.queries.execute(
      new BatchReadRecordsQuery(principal.accountId, objectType, request, booleanParam('archived', archived)),
    );
    return multiStatusEnvelope(reply, results, { errors, startedAt, completedAt: new Date().toISOString() });
  }

  @Post(`${BATCH}/update`)
  @HttpCode(200)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Change properties of records named by id or (idProperty) unique value, input by input' })
  @ApiBody({ type: UpdateRecordBatchInputDto })
  @ApiOkResponse({ type: SimplePublicObjectBatchDto })
  @ApiResponse({ status: 207, type: SimplePublicObjectBatchDto, description: 'Some inputs failed: see `errors`' })
  async update(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PositionedResponse<SimplePublicObjectBatchDto>> {
    const inputs = updateRecordInputs(body);
    assertBatchSize(inputs, this.maxInputs);
    const { position, result } = await this.commands.execute(
      new BatchUpdateRecordsCommand(context, objectType, inputs),
    );
    return atPosition(position, multiStatusEnvelope(reply, result.results.map(written), result));
  }

  @Post(`${BATCH}/upsert`)
  @HttpCode(200)
  @Roles('super_admin', 'user')
  @ApiOperation({
    summary: 'Create the record holding each unique value (idProperty: email, domain), or update the one that does',
  })
  @ApiBody({ type: UpdateRecordBatchInputDto })
  @ApiOkResponse({ type: SimplePublicUpsertObjectBatchDto })
  @ApiResponse({ status: 207, type: SimplePublicUpsertObjectBatchDto, description: 'Some inputs failed' })
  async upsert(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PositionedResponse<SimplePublicUpsertObjectBatchDto>> {
    const inputs = upsertRecordInputs(body);
    assertBatchSize(inputs, this.maxInputs);
    const { position, result } = await this.commands.execute(
      new BatchUpsertRecordsCommand(context, objectType, inputs),
    );
    const results = result.results.map((r) => ({ ...written(r), new: r.created }));
    return atPosition(position, multiStatusEnvelope(reply, results, result));
  }

  @Post(`${BATCH}/archive`)
  @HttpCode(204)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Archive records (and remove their associations); unknown ids refuse the request' })
  @ApiBody({ type: ArchiveRecordBatchInputDto })
  @ApiNoContentResponse()
  async archive(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
  ): Promise<PositionedResponse<void>> {
    const ids = archiveRecordIds(body);
    assertBatchSize(ids, this.maxInputs);
    const { position } = await this.commands.execute(new BatchArchiveRecordsCommand(context, objectType, ids));
    return atPosition(position, undefined);
  }

  @Post(`${OBJECTS}/search`)
  @HttpCode(200)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(recordsProjection.name, labelCatalogueProjection.name)
  @ApiOperation({
    summary:
      'Live records matching filterGroups (EQ, NEQ, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY) and query, sorted',
  })
  @ApiBody({ type: RecordSearchRequestDto })
  @ApiOkResponse({ type: RecordSearchPageDto })
  search(
    @CurrentPrincipal() principal: Principal,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
  ): Promise<RecordSearchPageDto> {
    return this.queries.execute(new SearchRecordsQuery(principal.accountId, objectType, searchRequestOf(body)));
  }
}
