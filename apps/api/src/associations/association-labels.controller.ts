import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { Roles } from '../auth/roles.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { typesBody } from './association-specs';
import { AssociationLabelsRequestDto, LabelsBetweenObjectPairDto } from './associations.response.dto';
import {
  SetAssociationLabelsCommand,
  type AssociationLabelsRequest,
  type AssociationPath,
} from './set-association-labels/set-association-labels.command';

const LABELS = 'api/v1/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId/labels';

/**
 * Native (not HubSpot's): add labels to, or remove labels from, one pair of records without the labeled PUT's replace
 * semantics (hubspot-v4-api.md §0.2). Removal is a POST to `…/labels/remove`, not a DELETE with a body, which proxies
 * and HTTP clients may drop (ADR 0006 §7). Both answer 200 with the pair's labels after the change, in the labeled
 * PUT's shape. Both records must exist and be live. Super admins and users, as on the v4 write routes.
 */
@ApiTags('associations (native)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({
  type: HubSpotErrorResponseDto,
  description:
    'Malformed body or no types, unknown object type, record or association type, wrong direction or category, ' +
    'limit reached',
})
@Controller()
export class AssociationLabelsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(LABELS)
  @HttpCode(200)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: "Add these types to the pair (creating it if needed); the pair's other labels stay" })
  @ApiBody({ type: AssociationLabelsRequestDto })
  @ApiOkResponse({ type: LabelsBetweenObjectPairDto, description: "The pair's labels after the change" })
  add(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') fromObjectType: string,
    @Param('objectId') fromId: string,
    @Param('toObjectType') toObjectType: string,
    @Param('toObjectId') toId: string,
    @Body() body: unknown,
  ): Promise<PositionedResponse<LabelsBetweenObjectPairDto>> {
    const request = { kind: 'add', types: typesBody(body) } as const;
    return this.execute(context, { fromObjectType, fromId, toObjectType, toId }, request);
  }

  @Post(`${LABELS}/remove`)
  @HttpCode(200)
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: 'Remove these types from the pair; removing the unlabeled type removes the association' })
  @ApiBody({ type: AssociationLabelsRequestDto })
  @ApiOkResponse({ type: LabelsBetweenObjectPairDto, description: "The pair's labels after the change" })
  remove(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') fromObjectType: string,
    @Param('objectId') fromId: string,
    @Param('toObjectType') toObjectType: string,
    @Param('toObjectId') toId: string,
    @Body() body: unknown,
  ): Promise<PositionedResponse<LabelsBetweenObjectPairDto>> {
    const request = { kind: 'remove', types: typesBody(body), requireLiveRecords: true } as const;
    return this.execute(context, { fromObjectType, fromId, toObjectType, toId }, request);
  }

  private async execute(
    context: CommandContext,
    path: AssociationPath,
    request: AssociationLabelsRequest,
  ): Promise<PositionedResponse<LabelsBetweenObjectPairDto>> {
    const { position, result } = await this.commands.execute(new SetAssociationLabelsCommand(context, path, request));
    return atPosition(position, {
      fromObjectTypeId: result.fromObjectTypeId,
      fromObjectId: Number(result.fromObjectId),
      toObjectTypeId: result.toObjectTypeId,
      toObjectId: Number(result.toObjectId),
      labels: result.labels,
    });
  }
}
