import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  ASSOCIATIONS_MAX_LIMIT,
  associationsProjection,
  labelCatalogueProjection,
  pointInTimeProjection,
} from '@app/read-models';
import { limitParam } from '../associations/associations.controller';
import { MultiAssociatedObjectPageDto } from '../associations/associations.response.dto';
import { GetAssociationsQuery } from '../associations/get-associations/get-associations.query';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { AppException } from '../errors/app.exception';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { AssociationSpecCollectionDto } from '../labels/label-definitions.response.dto';
import { GetLabelsQuery } from '../labels/get-labels/get-labels.query';
import { afterParam } from '../records/record-input';
import { asOfParam } from './as-of';
import { GetAssociationsAsOfQuery } from './get-associations-as-of/get-associations-as-of.query';
import { GetLabelsAsOfQuery } from './get-labels-as-of/get-labels-as-of.query';

type QueryValue = string | string[] | undefined;

const AS_OF = {
  name: 'asOf',
  required: false,
  type: String,
  description:
    "A global position (e.g. a write's X-Event-Position) or an ISO 8601 time, resolved to the last position " +
    'recorded at or before it. Absent: now.',
};

function objectTypeParam(name: string, value: QueryValue): string {
  if (typeof value !== 'string' || value === '') {
    throw new AppException('VALIDATION_FAILED', `${name} is required: an object type name or id`, { [name]: value });
  }
  return value;
}

/**
 * Point-in-time reads (DESIGN.md §3; issue 6 item 3): the v4 associations page and the v4 labels GET exactly as they
 * answered at a global position or a time, from the point-in-time projection. Without `asOf` they answer now, as
 * the v4 routes do. The v4 routes' readers: super admins, users, auditors.
 */
@ApiTags('point-in-time reads (native)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({
  type: HubSpotErrorResponseDto,
  description: 'asOf neither a position nor an ISO time, unknown object type, bad limit or after',
})
@Controller('api/v1')
export class PointInTimeController {
  constructor(private readonly queries: QueryBus) {}

  @Get('objects/:objectType/:objectId/associations/:toObjectType')
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(pointInTimeProjection.name, associationsProjection.name, labelCatalogueProjection.name)
  @ApiOperation({
    summary: "A record's associations of one type as the v4 page answered them at a position or time",
    description: 'Same shape, order and paging as GET /crm/v4/objects/{objectType}/{objectId}/associations/{toType}.',
  })
  @ApiQuery(AS_OF)
  @ApiQuery({ name: 'limit', required: false, type: Number, description: `1-${ASSOCIATIONS_MAX_LIMIT}, default 500` })
  @ApiQuery({ name: 'after', required: false, type: String })
  @ApiOkResponse({ type: MultiAssociatedObjectPageDto })
  associations(
    @CurrentPrincipal() principal: Principal,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
    @Param('toObjectType') toObjectType: string,
    @Query('asOf') asOfValue: QueryValue,
    @Query('limit') limitValue: QueryValue,
    @Query('after') afterValue: QueryValue,
  ): Promise<MultiAssociatedObjectPageDto> {
    const asOf = asOfParam(asOfValue);
    const [limit, after] = [limitParam(limitValue), afterParam(afterValue)];
    const { accountId } = principal;
    return asOf === undefined
      ? this.queries.execute(new GetAssociationsQuery(accountId, objectType, objectId, toObjectType, limit, after))
      : this.queries.execute(
          new GetAssociationsAsOfQuery(accountId, objectType, objectId, toObjectType, limit, after, asOf),
        );
  }

  @Get('association-labels')
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(pointInTimeProjection.name, labelCatalogueProjection.name)
  @ApiOperation({
    summary: 'The association types from → to as the v4 labels GET answered them at a position or time',
    description: 'Same shape and order as GET /crm/v4/associations/{from}/{to}/labels; labels show as they were.',
  })
  @ApiQuery({ name: 'fromObjectType', required: true, type: String })
  @ApiQuery({ name: 'toObjectType', required: true, type: String })
  @ApiQuery(AS_OF)
  @ApiOkResponse({ type: AssociationSpecCollectionDto })
  async labels(
    @CurrentPrincipal() principal: Principal,
    @Query('fromObjectType') fromValue: QueryValue,
    @Query('toObjectType') toValue: QueryValue,
    @Query('asOf') asOfValue: QueryValue,
  ): Promise<AssociationSpecCollectionDto> {
    const from = objectTypeParam('fromObjectType', fromValue);
    const to = objectTypeParam('toObjectType', toValue);
    const asOf = asOfParam(asOfValue);
    const { accountId } = principal;
    const types = await this.queries.execute(
      asOf === undefined ? new GetLabelsQuery(accountId, from, to) : new GetLabelsAsOfQuery(accountId, from, to, asOf),
    );
    return { results: types.map(({ category, typeId, label }) => ({ category, typeId, label })) };
  }
}
