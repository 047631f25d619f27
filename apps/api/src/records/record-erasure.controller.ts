import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { atPosition, type PositionedResponse } from '../consistency/event-position';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { EraseRecordCommand } from './erase-record/erase-record.command';
import {
  EraseRecordRequestDto,
  ErasedRecordResponseDto,
  GdprDeleteRequestDto,
} from './erase-record/erase-record.request.dto';

/**
 * GDPR erasure (ADR 0007): HubSpot's `gdpr-delete` (what the SDK's `crm.contacts.basicApi.purge` calls; 204), for
 * any object type here, and the native route that takes a reason and answers what it did. Super admins only: an
 * erasure cannot be undone.
 */
@ApiTags('records (HubSpot objects v3)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'Only super admins erase records' })
@ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'Unknown object type or bad input' })
@ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No such record' })
@Controller()
export class RecordErasureController {
  constructor(private readonly commands: CommandBus) {}

  @Post('crm/v3/objects/:objectType/gdpr-delete')
  @HttpCode(204)
  @Roles('super_admin')
  @ApiOperation({ summary: 'GDPR-delete a record: archived, its personal data destroyed for good (HubSpot purge)' })
  @ApiNoContentResponse()
  async gdprDelete(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Body() body: GdprDeleteRequestDto,
  ): Promise<PositionedResponse<void>> {
    const command = new EraseRecordCommand(context, objectType, body.objectId, body.idProperty, 'gdpr-delete');
    const { position } = await this.commands.execute(command);
    return atPosition(position, undefined);
  }

  @Post('api/v1/objects/:objectType/:id/erase')
  @HttpCode(200)
  @Roles('super_admin')
  @ApiOperation({
    summary: 'Erase a record (GDPR): archived, its personal data destroyed for good; history keeps its id',
  })
  @ApiOkResponse({ type: ErasedRecordResponseDto })
  async erase(
    @CurrentCommand() context: CommandContext,
    @Param('objectType') objectType: string,
    @Param('id') id: string,
    @Body() body: EraseRecordRequestDto,
  ): Promise<PositionedResponse<ErasedRecordResponseDto>> {
    const command = new EraseRecordCommand(context, objectType, id, undefined, body.reason ?? 'erasure');
    const { position, result } = await this.commands.execute(command);
    const { objectTypeId, recordId, erasedAt } = result;
    return atPosition(position, { objectTypeId, id: recordId, erased: true, erasedAt });
  }
}
