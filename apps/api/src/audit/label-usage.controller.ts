import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { labelCatalogueProjection, labelHistoryProjection, labelUsageProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { LabelKeyQueryDto } from '../history/label-key.request.dto';
import { GetLabelUsageQuery } from './get-label-usage/get-label-usage.query';
import { LabelUsageResponseDto } from './get-label-usage/label-usage.response.dto';
import { GetLabelUsageHistoryQuery } from './get-label-usage-history/get-label-usage-history.query';
import {
  LabelUsageHistoryQueryDto,
  LabelUsageHistoryResponseDto,
} from './get-label-usage-history/label-usage-history.dto';

/** Where-used (DESIGN.md §3): what the delete guard would count for a label, before anyone tries to delete it. */
@ApiTags('association labels (native)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No live association type has this typeId or name' })
@Controller('api/v1/association-labels')
export class LabelUsageController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':typeIdOrName/usage')
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name, labelHistoryProjection.name, labelUsageProjection.name)
  @ApiOperation({
    summary: 'Where a label is used: associations carrying it (both directions), and the tools that reference it',
    description: 'One read of the usage projection, whatever the number of uses. Unlabeled types count their pair.',
  })
  @ApiParam({ name: 'typeIdOrName', description: 'typeId of either direction, or an internal name', example: '1000' })
  @ApiOkResponse({ type: LabelUsageResponseDto })
  usage(
    @CurrentPrincipal() principal: Principal,
    @Param('typeIdOrName') key: string,
    @Query() query: LabelKeyQueryDto,
  ): Promise<LabelUsageResponseDto> {
    const { fromObjectType, toObjectType } = query;
    return this.queries.execute(new GetLabelUsageQuery(principal.accountId, key, { fromObjectType, toObjectType }));
  }

  @Get(':typeIdOrName/usage/history')
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name, labelHistoryProjection.name, labelUsageProjection.name)
  @ApiOperation({
    summary: "A label's usage over time: per day, associations that gained and lost it, and the total after",
    description: 'Days without a change are left out; `from`/`to` select days (UTC), totals count from the start.',
  })
  @ApiParam({ name: 'typeIdOrName', description: 'typeId of either direction, or an internal name', example: '1000' })
  @ApiOkResponse({ type: LabelUsageHistoryResponseDto })
  usageHistory(
    @CurrentPrincipal() principal: Principal,
    @Param('typeIdOrName') key: string,
    @Query() query: LabelUsageHistoryQueryDto,
  ): Promise<LabelUsageHistoryResponseDto> {
    const { fromObjectType, toObjectType, from, to } = query;
    return this.queries.execute(
      new GetLabelUsageHistoryQuery(principal.accountId, key, { fromObjectType, toObjectType }, from, to),
    );
  }
}
