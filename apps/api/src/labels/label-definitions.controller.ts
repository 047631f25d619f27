import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
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
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { CreateLabelCommand } from './create-label/create-label.command';
import { CreateLabelRequestDto } from './create-label/create-label.request.dto';
import { DeleteLabelCommand } from './delete-label/delete-label.command';
import { GetLabelsQuery } from './get-labels/get-labels.query';
import { AssociationDefinitionV3CollectionDto, AssociationSpecCollectionDto } from './label-definitions.response.dto';
import { RenameLabelCommand } from './rename-label/rename-label.command';
import { RenameLabelRequestDto } from './rename-label/rename-label.request.dto';

/** HubSpot serves the labels API under two prefixes (hubspot-v4-api.md §2.2); both route here. */
const LABELS = ['crm/v4/associations/:from/:to/labels', 'crm/associations/v4/:from/:to/labels'];
const LABEL = LABELS.map((path) => `${path}/:typeId`);

/**
 * Association label definitions, HubSpot v4 wire-compatible: exact paths, bodies and status codes (create answers
 * 200, update and delete 204). Super admins change them; users, auditors and super admins read them.
 */
@ApiTags('association labels (HubSpot v4)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'Unknown object type, or a rule is broken' })
@Controller()
export class LabelDefinitionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(LABELS)
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name)
  @ApiOperation({ summary: 'Association types from → to: HubSpot-defined (unlabeled, Primary, …) and custom labels' })
  @ApiOkResponse({ type: AssociationSpecCollectionDto })
  async getAll(
    @CurrentPrincipal() principal: Principal,
    @Param('from') from: string,
    @Param('to') to: string,
  ): Promise<AssociationSpecCollectionDto> {
    const types = await this.queries.execute(new GetLabelsQuery(principal.accountId, from, to));
    return { results: types.map(({ category, typeId, label }) => ({ category, typeId, label })) };
  }

  @Post(LABELS)
  @HttpCode(200)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Create a custom label, single or paired (answers 200 with both directions)' })
  @ApiOkResponse({ type: AssociationSpecCollectionDto })
  async create(
    @CurrentCommand() context: CommandContext,
    @Param('from') from: string,
    @Param('to') to: string,
    @Body() body: CreateLabelRequestDto,
  ): Promise<PositionedResponse<AssociationSpecCollectionDto>> {
    const { position, result } = await this.commands.execute(new CreateLabelCommand(context, from, to, body));
    const response: AssociationSpecCollectionDto = { results: result.types };
    if (result.warnings.length > 0) response.warnings = result.warnings;
    return atPosition(position, response);
  }

  @Put(LABELS)
  @HttpCode(204)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Rename a custom label (display texts only; the typeId and internal name stay)' })
  @ApiNoContentResponse()
  async update(
    @CurrentCommand() context: CommandContext,
    @Param('from') from: string,
    @Param('to') to: string,
    @Body() body: RenameLabelRequestDto,
  ): Promise<PositionedResponse<void>> {
    const { position } = await this.commands.execute(new RenameLabelCommand(context, from, to, body));
    return atPosition(position, undefined);
  }

  @Delete(LABEL)
  @HttpCode(204)
  @Roles('super_admin')
  @ApiOperation({ summary: 'Delete a custom label, both directions; refused while anything uses it' })
  @ApiNoContentResponse()
  async remove(
    @CurrentCommand() context: CommandContext,
    @Param('from') from: string,
    @Param('to') to: string,
    @Param('typeId', ParseIntPipe) typeId: number,
  ): Promise<PositionedResponse<void>> {
    const { position } = await this.commands.execute(new DeleteLabelCommand(context, from, to, typeId));
    return atPosition(position, undefined);
  }

  @Get('crm/v3/associations/:from/:to/types')
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(labelCatalogueProjection.name)
  @ApiOperation({ summary: 'Legacy v3: association types from → to as { id, name }' })
  @ApiOkResponse({ type: AssociationDefinitionV3CollectionDto })
  async v3Types(
    @CurrentPrincipal() principal: Principal,
    @Param('from') from: string,
    @Param('to') to: string,
  ): Promise<AssociationDefinitionV3CollectionDto> {
    const types = await this.queries.execute(new GetLabelsQuery(principal.accountId, from, to));
    return { results: types.map(({ typeId, name }) => ({ id: String(typeId), name })) };
  }
}
