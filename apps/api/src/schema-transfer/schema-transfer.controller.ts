import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { schemaDocumentOf, type SchemaDocument } from './schema-document';
import { SchemaTransferService, type SchemaImportReport } from './schema-transfer.service';

/** Labels and limits carried between accounts, typeIds remapped (issue 8 item 6). Super admins only. */
@ApiTags('imports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'Only super admins move schemas' })
@Controller('api/v1/schema')
export class SchemaTransferController {
  constructor(private readonly transfer: SchemaTransferService) {}

  @Get('export')
  @Roles('super_admin')
  @ApiOperation({ summary: "The account's custom labels (texts, internal names, limits) and pair limits, as JSON" })
  export(@CurrentPrincipal() principal: Principal): Promise<SchemaDocument> {
    return this.transfer.export(principal.accountId);
  }

  @Post('import')
  @HttpCode(200)
  @Roles('super_admin')
  @ApiOperation({
    summary: 'Recreate an exported schema in this account; answers the typeId mapping and what could not be applied',
    description:
      'Labels are matched by internal name on their pair: an existing one is reused, a missing one created with this ' +
      "account's typeIds. Limits are set as exported. Re-importing the same document changes nothing.",
  })
  @ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'Not a schema document' })
  import(@CurrentCommand() context: CommandContext, @Body() body: unknown): Promise<SchemaImportReport> {
    return this.transfer.import(context, schemaDocumentOf(body));
  }
}
