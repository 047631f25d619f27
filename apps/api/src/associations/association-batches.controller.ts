import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
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
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { associationsProjection, labelCatalogueProjection, recordsProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { assertBatchSize } from '../http/batch-size';
import { batchEnvelope, multiStatusEnvelope } from '../http/batch-envelope';
import {
  BATCH_READ_MAX_INPUTS,
  archiveInputs,
  labeledPairInputs,
  pairInputs,
  readInputs,
} from './association-batch.input';
import {
  AssociationMultiArchiveBatchInputDto,
  AssociationMultiPostBatchInputDto,
  AssociationMultiWithLabelBatchDto,
  DefaultAssociationBatchDto,
  DefaultAssociationBatchInputDto,
  FetchAssociationsBatchInputDto,
  LabelsBetweenObjectPairBatchDto,
} from './associations.response.dto';
import {
  BatchRemoveAssociationsCommand,
  BatchSetAssociationLabelsCommand,
} from './batch-associations/batch-associations.command';
import { BatchReadAssociationsQuery } from './batch-read-associations/batch-read-associations.query';

const BATCH = 'crm/v4/associations/:fromObjectType/:toObjectType/batch';

/**
 * Batches of associations between records, HubSpot associations v4 wire-compatible (hubspot-v4-api.md §2.1). Each
 * write input is the single-pair decision, run as its own command one after the other. Request-level problems (no
 * inputs, too many, a malformed body, an unknown object type) are a 400 before anything is written. Super admins
 * and users write; auditors read too.
 */
@ApiTags('associations (HubSpot associations v4)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({
  type: HubSpotErrorResponseDto,
  description: 'Malformed body, no inputs, too many inputs, unknown object type',
})
@Controller()
export class AssociationBatchesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly config: AppConfig,
  ) {}

  @Post(`${BATCH}/create`)
  @HttpCode(201)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: "Set each pair's labels to exactly its types (like the labeled PUT), input by input" })
  @ApiBody({ type: AssociationMultiPostBatchInputDto })
  @ApiCreatedResponse({ type: LabelsBetweenObjectPairBatchDto })
  @ApiResponse({ status: 207, type: LabelsBetweenObjectPairBatchDto, description: 'Some inputs failed: see `errors`' })
  async create(
    @CurrentCommand() context: CommandContext,
    @Param('fromObjectType') fromObjectType: string,
    @Param('toObjectType') toObjectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PositionedResponse<LabelsBetweenObjectPairBatchDto>> {
    const inputs = labeledPairInputs(body);
    assertBatchSize(inputs, this.config.BATCH_MAX_INPUTS);
    const { position, result } = await this.commands.execute(
      new BatchSetAssociationLabelsCommand(context, { fromObjectType, toObjectType }, { kind: 'set', inputs }),
    );
    const results = result.results.map((r) => ({
      fromObjectTypeId: r.fromObjectTypeId,
      fromObjectId: Number(r.fromObjectId),
      toObjectTypeId: r.toObjectTypeId,
      toObjectId: Number(r.toObjectId),
      labels: r.labels,
    }));
    return atPosition(position, multiStatusEnvelope(reply, results, result));
  }

  @Post(`${BATCH}/associate/default`)
  @HttpCode(200)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Associate each pair with its unlabeled (default) type; failed inputs in `errors` (200)' })
  @ApiBody({ type: DefaultAssociationBatchInputDto })
  @ApiOkResponse({ type: DefaultAssociationBatchDto })
  async createDefault(
    @CurrentCommand() context: CommandContext,
    @Param('fromObjectType') fromObjectType: string,
    @Param('toObjectType') toObjectType: string,
    @Body() body: unknown,
  ): Promise<PositionedResponse<DefaultAssociationBatchDto>> {
    const inputs = pairInputs(body);
    assertBatchSize(inputs, this.config.BATCH_MAX_INPUTS);
    const { position, result } = await this.commands.execute(
      new BatchSetAssociationLabelsCommand(context, { fromObjectType, toObjectType }, { kind: 'default', inputs }),
    );
    const results = result.results.map((r) => ({
      from: { id: r.fromObjectId },
      to: { id: r.toObjectId },
      associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: r.unlabeledTypeId },
    }));
    return atPosition(position, batchEnvelope(results, result));
  }

  @Post(`${BATCH}/read`)
  @HttpCode(200)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(associationsProjection.name, labelCatalogueProjection.name, recordsProjection.name)
  @ApiOperation({
    summary: `Each record's associated records of the path type (at most ${BATCH_READ_MAX_INPUTS} inputs)`,
  })
  @ApiBody({ type: FetchAssociationsBatchInputDto })
  @ApiOkResponse({ type: AssociationMultiWithLabelBatchDto })
  @ApiResponse({ status: 207, type: AssociationMultiWithLabelBatchDto, description: 'Unknown ids: see `errors`' })
  async getPage(
    @CurrentPrincipal() principal: Principal,
    @Param('fromObjectType') fromObjectType: string,
    @Param('toObjectType') toObjectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AssociationMultiWithLabelBatchDto> {
    const startedAt = new Date().toISOString();
    const inputs = readInputs(body);
    assertBatchSize(inputs, BATCH_READ_MAX_INPUTS);
    const { results, errors } = await this.queries.execute(
      new BatchReadAssociationsQuery(principal.accountId, fromObjectType, toObjectType, inputs),
    );
    return multiStatusEnvelope(reply, results, { errors, startedAt, completedAt: new Date().toISOString() });
  }

  @Post(`${BATCH}/archive`)
  @HttpCode(204)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Remove whole associations (every type between each pair); in order, stops at a bad input' })
  @ApiBody({ type: AssociationMultiArchiveBatchInputDto })
  @ApiNoContentResponse()
  async archive(
    @CurrentCommand() context: CommandContext,
    @Param('fromObjectType') fromObjectType: string,
    @Param('toObjectType') toObjectType: string,
    @Body() body: unknown,
  ): Promise<PositionedResponse<void>> {
    const inputs = archiveInputs(body);
    assertBatchSize(inputs, this.config.BATCH_MAX_INPUTS);
    const { position } = await this.commands.execute(
      new BatchRemoveAssociationsCommand(context, { fromObjectType, toObjectType }, { kind: 'archive', inputs }),
    );
    return atPosition(position, undefined);
  }

  @Post(`${BATCH}/labels/archive`)
  @HttpCode(204)
  @Roles('super_admin', 'user')
  @ApiOperation({
    summary: 'Remove these types from each pair; removing the unlabeled type removes the association',
  })
  @ApiBody({ type: AssociationMultiPostBatchInputDto })
  @ApiNoContentResponse()
  async archiveLabels(
    @CurrentCommand() context: CommandContext,
    @Param('fromObjectType') fromObjectType: string,
    @Param('toObjectType') toObjectType: string,
    @Body() body: unknown,
  ): Promise<PositionedResponse<void>> {
    const inputs = labeledPairInputs(body);
    assertBatchSize(inputs, this.config.BATCH_MAX_INPUTS);
    const { position } = await this.commands.execute(
      new BatchRemoveAssociationsCommand(context, { fromObjectType, toObjectType }, { kind: 'labels', inputs }),
    );
    return atPosition(position, undefined);
  }
}
