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
import { labelCatalogueProjection, labelHistoryProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { GetLabelDetailsQuery } from './get-label-details/get-label-details.query';
import { GetLabelHistoryQuery } from './get-label-history/get-label-history.query';
import { LabelDetailsResponseDto } from './label-details.response.dto';
import { LabelHistoryResponseDto } from './label-history.response.dto';
import { LabelHistoryFilterQueryDto, labelHistoryFilterOf } from './label-history-filter.request.dto';
import { LabelKeyQueryDto } from './label-key.request.dto';

const KEY_PARAM = {
  name: 'typeIdOrName',
  description:
    'Either typeId of the label, or an internal name (case-insensitive; e.g. manager, contact_to_company). ' +
    'A name used for several object pairs needs fromObjectType/toObjectType.',
  example: '1000',
};

/**
 * Native label routes beyond HubSpot (DESIGN.md §3): a label's details and its definition history, by typeId or
 * internal name. Super admins, users and auditors read them; every read stays in the caller's account.
 */
@ApiTags('association labels (native)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No association type has this typeId or name' })
@Controller('api/v1/association-labels')
export class LabelHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':typeIdOrName')
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name, labelHistoryProjection.name)
  @ApiOperation({
    summary: "A label's API details: texts, internal names, category, both typeIds, limits, pair, creation",
    description: 'Also answers for HubSpot-defined types, unlabeled ones included. A deleted label answers 404.',
  })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: LabelDetailsResponseDto })
  details(
    @CurrentPrincipal() principal: Principal,
    @Param('typeIdOrName') key: string,
    @Query() query: LabelKeyQueryDto,
  ): Promise<LabelDetailsResponseDto> {
    const { fromObjectType, toObjectType } = query;
    return this.queries.execute(new GetLabelDetailsQuery(principal.accountId, key, { fromObjectType, toObjectType }));
  }

  @Get(':typeIdOrName/history')
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name, labelHistoryProjection.name)
  @ApiOperation({
    summary: "A label's timeline: every definition change with actor, time and before/after, oldest first",
    description:
      'Deleted labels keep their history (by typeId). Unlabeled types are no labels: an empty page. Filters ' +
      '(type, actor, from, to) compose with paging; a page looks at a bounded stretch of the timeline, so a narrow ' +
      'filter may answer fewer entries than `limit` with `paging.next`: follow it until it is absent.',
  })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: LabelHistoryResponseDto })
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('typeIdOrName') key: string,
    @Query() query: LabelHistoryFilterQueryDto,
  ): Promise<LabelHistoryResponseDto> {
    const { fromObjectType, toObjectType, after, limit } = query;
    const filter = labelHistoryFilterOf(query);
    return this.queries.execute(
      new GetLabelHistoryQuery(principal.accountId, key, { fromObjectType, toObjectType }, { after, limit, filter }),
    );
  }
}
