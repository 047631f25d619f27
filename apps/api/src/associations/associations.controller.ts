import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
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
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ASSOCIATIONS_MAX_LIMIT, associationsProjection, labelCatalogueProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { AppException } from '../errors/app.exception';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { afterParam } from '../records/record-input';
import { associationSpecs } from './association-specs';
import {
  AssociationSpecDto,
  BatchResponsePublicDefaultAssociationDto,
  LabelsBetweenObjectPairDto,
  MultiAssociatedObjectPageDto,
} from './associations.response.dto';
import { GetAssociationsQuery } from './get-associations/get-associations.query';
import { RemoveAssociationCommand } from './remove-association/remove-association.command';
import { SetAssociationLabelsCommand } from './set-association-labels/set-association-labels.command';

const OBJECT = 'crm/v4/objects/:objectType/:objectId/associations';
const PAIR = `${OBJECT}/:toObjectType/:toObjectId`;
const DEFAULT_PAIR = `${OBJECT}/default/:toObjectType/:toObjectId`;
type QueryValue = string | string[] | undefined;

export function limitParam(value: QueryValue): number {
  if (value === undefined) return ASSOCIATIONS_MAX_LIMIT;
  const limit = typeof value === 'string' && /^[0-9]{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= ASSOCIATIONS_MAX_LIMIT)) {
    throw new AppException('VALIDATION_FAILED', `limit must be an integer from 1 to ${ASSOCIATIONS_MAX_LIMIT}`, {
      limit: value,
    });
  }
  return limit;
}

/**
 * Associations between records, HubSpot associations v4 wire-compatible (hubspot-v4-api.md §2.1): set labels (201),
 * create the default association (200, batch-shaped), list a record's associations (200), remove a pair (204).
 * Super admins and users write; auditors read too.
 */
@ApiTags('associations (HubSpot associations v4)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({
  type: HubSpotErrorResponseDto,
  description: 'Unknown object type, record or association type, wrong direction or category, limit reached',
})
@Controller()
export class AssociationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put(PAIR)
  @HttpCode(201)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: "Set the pair's labels to exactly these types (the unlabeled type always stays)" })
  @ApiBody({ type: [AssociationSpecDto] })
  @ApiCreatedResponse({ type: LabelsBetweenObjectPairDto })
  async create(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') fromObjectType: string,
    @Param('objectId') fromId: string,
    @Param('toObjectType') toObjectType: string,
    @Param('toObjectId') toId: string,
    @Body() body: unknown,
  ): Promise<PositionedResponse<LabelsBetweenObjectPairDto>> {
    const types = associationSpecs(body);
    const path = { fromObjectType, fromId, toObjectType, toId };
    const { position, result } = await this.commands.execute(
      new SetAssociationLabelsCommand(context, path, { kind: 'set', types }),
    );
    return atPosition(position, {
      fromObjectTypeId: result.fromObjectTypeId,
      fromObjectId: Number(result.fromObjectId),
      toObjectTypeId: result.toObjectTypeId,
      toObjectId: Number(result.toObjectId),
      labels: result.labels,
    });
  }

  @Put(DEFAULT_PAIR)
  @HttpCode(200)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: "Associate with the pair's unlabeled (default) type; never sets Primary" })
  @ApiOkResponse({ type: BatchResponsePublicDefaultAssociationDto })
  async createDefault(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') fromObjectType: string,
    @Param('objectId') fromId: string,
    @Param('toObjectType') toObjectType: string,
    @Param('toObjectId') toId: string,
  ): Promise<PositionedResponse<BatchResponsePublicDefaultAssociationDto>> {
    const path = { fromObjectType, fromId, toObjectType, toId };
    const { position, result } = await this.commands.execute(
      new SetAssociationLabelsCommand(context, path, { kind: 'default' }),
    );
    return atPosition(position, {
      status: 'COMPLETE',
      results: [
        {
          from: { id: result.fromObjectId },
          to: { id: result.toObjectId },
          associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: result.unlabeledTypeId },
        },
      ],
      startedAt: context.now,
      completedAt: new Date().toISOString(),
    });
  }

  @Get(`${OBJECT}/:toObjectType`)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(associationsProjection.name, labelCatalogueProjection.name)
  @ApiOperation({ summary: "A page of a record's associated records of one type, in id order, with their types" })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: `1-${ASSOCIATIONS_MAX_LIMIT}, default 500` })
  @ApiQuery({ name: 'after', required: false, type: String })
  @ApiOkResponse({ type: MultiAssociatedObjectPageDto })
  getPage(
    @CurrentPrincipal() principal: Principal,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
    @Param('toObjectType') toObjectType: string,
    @Query('limit') limit: QueryValue,
    @Query('after') after: QueryValue,
  ): Promise<MultiAssociatedObjectPageDto> {
    return this.queries.execute(
      new GetAssociationsQuery(
        principal.accountId,
        objectType,
        objectId,
        toObjectType,
        limitParam(limit),
        afterParam(after),
      ),
    );
  }

  @Delete(PAIR)
  @HttpCode(204)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Remove every association type between the two records' })
  @ApiNoContentResponse()
  async archive(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') fromObjectType: string,
    @Param('objectId') fromId: string,
    @Param('toObjectType') toObjectType: string,
    @Param('toObjectId') toId: string,
  ): Promise<PositionedResponse<void>> {
    const path = { fromObjectType, fromId, toObjectType, toId };
    const { position } = await this.commands.execute(new RemoveAssociationCommand(context, path));
    return atPosition(position, undefined);
  }
}
