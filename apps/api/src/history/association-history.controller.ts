import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { associationHistoryProjection, labelCatalogueProjection, recordsProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { AssociationHistoryQueryDto } from './association-history.request.dto';
import { AssociationHistoryResponseDto } from './association-history.response.dto';
import { GetAssociationHistoryQuery } from './get-association-history/get-association-history.query';

/**
 * Association history beyond HubSpot (DESIGN.md §3, issue 6 item 2): every change to one pair of records, oldest
 * first, from the first record's side. Super admins, users and auditors read it; every read stays in the account.
 */
@ApiTags('association history (native)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'Unknown object type or a bad query parameter' })
@ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'Either record does not exist in this account' })
@Controller('api/v1/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId')
export class AssociationHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('history')
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(associationHistoryProjection.name, recordsProjection.name, labelCatalogueProjection.name)
  @ApiOperation({
    summary: "A pair's history: created, labels added/removed/set, Primary moved, removed (and why), oldest first",
    description:
      'Each entry has before/after type lists as seen from objectId → toObjectId, position, recordedAt, actor, ' +
      'route (API route or process manager), command, correlation and causation ids. Either direction names the ' +
      'same changes. Archived records keep their history.',
  })
  @ApiOkResponse({ type: AssociationHistoryResponseDto })
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
    @Param('toObjectType') toObjectType: string,
    @Param('toObjectId') toObjectId: string,
    @Query() query: AssociationHistoryQueryDto,
  ): Promise<AssociationHistoryResponseDto> {
    const { after, limit, type, actor, from, to } = query;
    const page = {
      ...(after !== undefined && { after }),
      ...(limit !== undefined && { limit }),
      ...(type !== undefined && { types: type }),
      ...(actor !== undefined && { actor }),
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
    };
    return this.queries.execute(
      new GetAssociationHistoryQuery(principal.accountId, objectType, objectId, toObjectType, toObjectId, page),
    );
  }
}
