import { Readable } from 'node:stream';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import { CSV_WRITE_OPTIONS } from './csv-options';
import { associationsProjection, recordsProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { AppException } from '../errors/app.exception';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { AssociationExportService } from './association-export.service';

/** CSV of the account's labeled associations in the importer's format (issue 8 item 6). */
@ApiTags('imports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@Controller('api/v1/exports')
export class ExportsController {
  constructor(private readonly exports: AssociationExportService) {}

  @Get('associations')
  @Roles('super_admin', 'user', 'auditor')
  @ReadsProjections(recordsProjection.name, associationsProjection.name)
  @ApiProduces('text/csv')
  @ApiQuery({ name: 'fromObjectType', example: 'contacts' })
  @ApiQuery({ name: 'toObjectType', example: 'companies' })
  @ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'A missing or unknown object type' })
  @ApiOperation({
    summary: 'Stream the associations between two object types, with their labels, as an importable CSV',
    description:
      'Columns: from_id, from_<unique property>, to_id, to_<unique property>, labels (texts, or internal names where ' +
      'a text holds ";" or is shared; separated by ";"). POST it to /api/v1/imports (fromKey/toKey id, or the unique ' +
      'properties with createMissing in another account) to recreate the same associations.',
  })
  async associations(
    @CurrentPrincipal() principal: Principal,
    @Query('fromObjectType') fromObjectType?: string,
    @Query('toObjectType') toObjectType?: string,
  ): Promise<StreamableFile> {
    if (!fromObjectType || !toObjectType) {
      throw new AppException('VALIDATION_FAILED', 'fromObjectType and toObjectType are required query parameters');
    }
    const exported = await this.exports.export(principal.accountId, fromObjectType, toObjectType);
    const csv = Readable.from(exported.rows).pipe(
      stringify({ header: true, columns: exported.header, ...CSV_WRITE_OPTIONS }),
    );
    return new StreamableFile(csv, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="associations-${exported.fromObjectTypeId}-${exported.toObjectTypeId}.csv"`,
    });
  }
}
