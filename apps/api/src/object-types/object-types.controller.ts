import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { labelCatalogueProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { ActivateObjectTypeCommand } from './activate-object-type/activate-object-type.command';
import { GetObjectTypesQuery } from './get-object-types/get-object-types.query';
import { AvailableObjectTypeCollectionDto, ObjectTypeActivatedDto } from './object-schema.response.dto';

/** Native: the object types an account can associate, and activation of the admin-activated ones. */
@ApiTags('object types')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@Controller('api/v1/object-types')
export class ObjectTypesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name)
  @ApiOperation({ summary: 'Available object types: standard, activated, then custom (by 2-<n>)' })
  @ApiOkResponse({ type: AvailableObjectTypeCollectionDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<AvailableObjectTypeCollectionDto> {
    return { results: await this.queries.execute(new GetObjectTypesQuery(principal.accountId)) };
  }

  @Post(':objectTypeId/activate')
  @HttpCode(200)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Activate an object type (appointments 0-421, listings 0-420, …); idempotent' })
  @ApiOkResponse({ type: ObjectTypeActivatedDto })
  @ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'Not an activatable object type' })
  async activate(
    @CurrentCommand() context: CommandContext,
    @Param('objectTypeId') objectTypeId: string,
  ): Promise<PositionedResponse<ObjectTypeActivatedDto>> {
    const { position, result } = await this.commands.execute(new ActivateObjectTypeCommand(context, objectTypeId));
    return atPosition(position, result);
  }
}
