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
import { multiStatusEnvelope } from '../http/batch-envelope';
import { BATCH_READ_MAX_INPUTS, readInputs, typedPairInputs } from './association-batch.input';
import {
  V3AssociationBatchDto,
  V3AssociationBatchInputDto,
  V3AssociationMultiBatchDto,
  V3ReadBatchInputDto,
} from './associations-v3.response.dto';
import { BatchReadV3AssociationsQuery } from './batch-read-v3-associations/batch-read-v3-associations.query';
import {
  BatchArchiveV3AssociationsCommand,
  BatchCreateV3AssociationsCommand,
} from './batch-v3-associations/batch-v3-associations.command';

const BATCH = 'crm/v3/associations/:fromObjectType/:toObjectType/batch';

/**
 * The legacy v3 association batches (hubspot-v4-api.md §2.4), which the SDK calls through
 * `crm.associations.batchApi`: a type is a v3 string (`contact_to_company`, a custom label's internal name), and each
 * input adds or removes that one type on the v4 write path. Request-level problems (no inputs, too many, a malformed
 * body, an unknown object type or type string) are a 400 before anything is written. Super admins and users write;
 * auditors read too.
 */
@ApiTags('associations (HubSpot associations v3, legacy)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({
  type: HubSpotErrorResponseDto,
  description: 'Malformed body, no inputs, too many inputs, unknown object type or association type',
})
@Controller()
export class AssociationsV3Controller {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly config: AppConfig,
  ) {}

  @Post(`${BATCH}/create`)
  @HttpCode(201)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: "Add each input's type to its pair (the pair's other labels stay), input by input" })
  @ApiBody({ type: V3AssociationBatchInputDto })
  @ApiCreatedResponse({ type: V3AssociationBatchDto })
  @ApiResponse({ status: 207, type: V3AssociationBatchDto, description: 'Some inputs failed: see `errors`' })
  async create(
    @CurrentCommand() context: CommandContext,
    @Param('fromObjectType') fromObjectType: string,
    @Param('toObjectType') toObjectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PositionedResponse<V3AssociationBatchDto>> {
    const inputs = typedPairInputs(body);
    assertBatchSize(inputs, this.config.BATCH_MAX_INPUTS);
    const { position, result } = await this.commands.execute(
      new BatchCreateV3AssociationsCommand(context, { fromObjectType, toObjectType }, inputs),
    );
    return atPosition(position, multiStatusEnvelope(reply, result.results, result));
  }

  @Post(`${BATCH}/read`)
  @HttpCode(200)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(associationsProjection.name, labelCatalogueProjection.name, recordsProjection.name)
  @ApiOperation({
    summary: `Each record's associated records of the path type as {id, type} (at most ${BATCH_READ_MAX_INPUTS} inputs)`,
  })
  @ApiBody({ type: V3ReadBatchInputDto })
  @ApiOkResponse({ type: V3AssociationMultiBatchDto })
  @ApiResponse({ status: 207, type: V3AssociationMultiBatchDto, description: 'Unknown ids: see `errors`' })
  async read(
    @CurrentPrincipal() principal: Principal,
    @Param('fromObjectType') fromObjectType: string,
    @Param('toObjectType') toObjectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<V3AssociationMultiBatchDto> {
    const startedAt = new Date().toISOString();
    const inputs = readInputs(body);
    assertBatchSize(inputs, BATCH_READ_MAX_INPUTS);
    const { results, errors } = await this.queries.execute(
      new BatchReadV3AssociationsQuery(principal.accountId, fromObjectType, toObjectType, inputs),
    );
    return multiStatusEnvelope(reply, results, { errors, startedAt, completedAt: new Date().toISOString() });
  }

  @Post(`${BATCH}/archive`)
  @HttpCode(204)
  @Roles('super_admin', 'user')
  @ApiOperation({
    summary: "Remove each input's type from its pair; the unlabeled type removes the association. Stops at a bad input",
  })
  @ApiBody({ type: V3AssociationBatchInputDto })
  @ApiNoContentResponse()
  async archive(
    @CurrentCommand() context: CommandContext,
    @Param('fromObjectType') fromObjectType: string,
    @Param('toObjectType') toObjectType: string,
    @Body() body: unknown,
  ): Promise<PositionedResponse<void>> {
    const inputs = typedPairInputs(body);
    assertBatchSize(inputs, this.config.BATCH_MAX_INPUTS);
    const { position } = await this.commands.execute(
      new BatchArchiveV3AssociationsCommand(context, { fromObjectType, toObjectType }, inputs),
    );
    return atPosition(position, undefined);
  }
}
