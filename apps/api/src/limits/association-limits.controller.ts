import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
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
import { labelCatalogueProjection, type AssociationTypeView } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { assertBatchSize } from '../http/batch-size';
import type { ConfiguredLimit } from './association-limit.writer';
import {
  LimitConfigurationBatchDto,
  LimitConfigurationCollectionDto,
  LimitUpdateBatchDto,
  type LimitConfigurationDto,
} from './association-limits.response.dto';
import { CreateLimitsCommand } from './create-limits/create-limits.command';
import { CreateLimitsRequestDto } from './create-limits/create-limits.request.dto';
import { GetLimitsQuery } from './get-limits/get-limits.query';
import type { BatchOutcome } from '../commands/command-batch';
import { PurgeLimitsCommand } from './purge-limits/purge-limits.command';
import { PurgeLimitsRequestDto } from './purge-limits/purge-limits.request.dto';
import { UpdateLimitsCommand } from './update-limits/update-limits.command';
import { UpdateLimitsRequestDto } from './update-limits/update-limits.request.dto';

/** HubSpot serves the limits API under two prefixes (hubspot-v4-api.md §2.3); both route here. */
const PREFIXES = ['crm/v4/associations/definitions/configurations', 'crm/associations/v4/definitions/configurations'];
const ALL = PREFIXES.map((p) => `${p}/all`);
const PAIR = PREFIXES.map((p) => `${p}/:from/:to`);
const batch = (verb: string) => PAIR.map((p) => `${p}/batch/${verb}`);

const configuration = (t: AssociationTypeView & { limit: number }): LimitConfigurationDto => ({
  category: t.category,
  typeId: t.typeId,
  label: t.label,
  userEnforcedMaxToObjectIds: t.limit,
});

/** The batch envelope; `numErrors`/`errors` only when some inputs failed, answered 207. */
function batchBody<T>(
  outcome: BatchOutcome<ConfiguredLimit>,
  item: (limit: ConfiguredLimit) => T,
  reply: FastifyReply,
) {
  const { results, errors, startedAt, completedAt } = outcome;
  const body = { status: 'COMPLETE' as const, results: results.map(item), startedAt, completedAt };
  if (errors.length === 0) return body;
  reply.status(HttpStatus.MULTI_STATUS);
  return { ...body, numErrors: errors.length, errors };
}

/**
 * Association limits ("definition configurations"), HubSpot v4 wire-compatible. A limit is per direction: the
 * unlabeled type's is the pair's overall limit, a label's may not exceed it. Super admins change them; users,
 * auditors and super admins read them. Well-formed batches answer per input (207 with `errors` when some fail).
 */
@ApiTags('association limits (HubSpot v4)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({
  type: HubSpotErrorResponseDto,
  description: 'Unknown object type, malformed body, no inputs or more than BATCH_MAX_INPUTS (default 1000)',
})
@Controller()
export class AssociationLimitsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly config: AppConfig,
  ) {}

  @Get(ALL)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name)
  @ApiOperation({ summary: 'Every custom limit of the account, all directions' })
  @ApiOkResponse({ type: LimitConfigurationCollectionDto })
  async getAll(@CurrentPrincipal() principal: Principal): Promise<LimitConfigurationCollectionDto> {
    const types = await this.queries.execute(new GetLimitsQuery(principal.accountId));
    return { results: types.map(configuration) };
  }

  @Get(PAIR)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name)
  @ApiOperation({ summary: 'The custom limits of the types from → to' })
  @ApiOkResponse({ type: LimitConfigurationCollectionDto })
  async getBetween(
    @CurrentPrincipal() principal: Principal,
    @Param('from') from: string,
    @Param('to') to: string,
  ): Promise<LimitConfigurationCollectionDto> {
    const query = new GetLimitsQuery(principal.accountId, { fromObjectType: from, toObjectType: to });
    return { results: (await this.queries.execute(query)).map(configuration) };
  }

  @Post(batch('create'))
  @HttpCode(201)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Configure limits of types without one (the same value again is a no-op)' })
  @ApiCreatedResponse({ type: LimitConfigurationBatchDto })
  @ApiResponse({ status: 207, type: LimitConfigurationBatchDto, description: 'Some inputs failed: see `errors`' })
  async create(
    @CurrentCommand() context: CommandContext,
    @Param('from') from: string,
    @Param('to') to: string,
    @Body() body: CreateLimitsRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PositionedResponse<LimitConfigurationBatchDto>> {
    assertBatchSize(body.inputs, this.config.BATCH_MAX_INPUTS);
    const { position, result } = await this.commands.execute(new CreateLimitsCommand(context, from, to, body.inputs));
    const item = ({ category, typeId, label, limit }: ConfiguredLimit) => ({
      category,
      typeId,
      label,
      userEnforcedMaxToObjectIds: limit,
    });
    return atPosition(position, batchBody(result, item, reply));
  }

  @Post(batch('update'))
  @HttpCode(200)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Change configured limits' })
  @ApiOkResponse({ type: LimitUpdateBatchDto })
  @ApiResponse({ status: 207, type: LimitUpdateBatchDto, description: 'Some inputs failed: see `errors`' })
  async update(
    @CurrentCommand() context: CommandContext,
    @Param('from') from: string,
    @Param('to') to: string,
    @Body() body: UpdateLimitsRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PositionedResponse<LimitUpdateBatchDto>> {
    assertBatchSize(body.inputs, this.config.BATCH_MAX_INPUTS);
    const { position, result } = await this.commands.execute(new UpdateLimitsCommand(context, from, to, body.inputs));
    const item = ({ category, typeId, limit }: ConfiguredLimit) => ({
      category,
      typeId,
      userEnforcedMaxToObjectIds: limit,
    });
    return atPosition(position, batchBody(result, item, reply));
  }

  @Post(batch('purge'))
  @HttpCode(204)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Put limits back to the default ("many"); refused whole if any input is bad' })
  @ApiNoContentResponse()
  async purge(
    @CurrentCommand() context: CommandContext,
    @Param('from') from: string,
    @Param('to') to: string,
    @Body() body: PurgeLimitsRequestDto,
  ): Promise<PositionedResponse<void>> {
    assertBatchSize(body.inputs, this.config.BATCH_MAX_INPUTS);
    const { position } = await this.commands.execute(new PurgeLimitsCommand(context, from, to, body.inputs));
    return atPosition(position, undefined);
  }
}
