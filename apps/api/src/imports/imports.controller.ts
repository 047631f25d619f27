import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Controller, Delete, Get, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import { CSV_WRITE_OPTIONS } from '../exports/csv-options';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import type { ImportRowError } from '@app/domain/imports';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { AppException } from '../errors/app.exception';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { importContext } from './import-context';
import { assertImportId, importRequestOf } from './import-request';
import { ImportJobs } from './import-jobs';
import { receiveUpload } from './import-upload';
import { ImportStatusDto, importStatus } from './import.response.dto';
import { ImportService } from './import.service';

const CSV = 'text/csv; charset=utf-8';

/**
 * Bulk import of labeled associations from CSV (issue 8, ADR 0008): upload a file, follow its progress, read the
 * rows it rejected. Super admins and users import.
 */
@ApiTags('imports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller lacks the role' })
@Controller('api/v1/imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportService,
    private readonly jobs: ImportJobs,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('super_admin', 'user')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: 'Start importing a CSV of labeled associations',
    description:
      'multipart/form-data: `file` (the CSV: a header naming `from_<key>`, `to_<key>` and `labels`), `fromObjectType`, ' +
      '`toObjectType`, and optionally `fromKey`/`toKey` (`id` or the unique property: email, domain), `mode` ' +
      "(`set`, the default, replaces the pair's labels; `add` adds), `createMissing` (create records named by a " +
      'unique value no record holds) and `importId` (re-posting the same file under the same id changes nothing). ' +
      'Labels are texts or internal names separated by `;`. A file that is not CSV, is empty, lacks the columns or is ' +
      'too large is a 400 before anything is written; otherwise 202 and the import runs in the background.',
  })
  @ApiResponse({ status: 202, type: ImportStatusDto })
  @ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'Not CSV, empty, missing columns, too large' })
  async create(@Req() request: FastifyRequest, @CurrentCommand() context: CommandContext): Promise<ImportStatusDto> {
    const dir = join(this.config.importDir(), context.accountId);
    const upload = await receiveUpload(request, dir, this.config.IMPORT_MAX_BYTES);
    try {
      const importRequest = importRequestOf(upload.fields, upload.fileName);
      const { importId } = importRequest;
      const importCtx = importContext(context, importId);
      const state = await this.imports.start(importCtx, importRequest, upload.path);
      if (state.status === 'NotStarted') throw new AppException('NOT_FOUND', `Import ${importId} was not started`);
      if (state.status === 'Running') {
        await rename(upload.path, this.jobs.filePath(context.accountId, importId));
        this.jobs.launch(importCtx, importId);
      }
      return importStatus(state);
    } finally {
      await rm(upload.path, { force: true });
    }
  }

  @Get(':importId')
  @Roles('super_admin', 'user')
  @ApiOperation({ summary: "An import's state, progress and counts" })
  @ApiOkResponse({ type: ImportStatusDto })
  @ApiNotFoundResponse({ type: HubSpotErrorResponseDto })
  async status(
    @CurrentPrincipal() principal: Principal,
    @Param('importId') importId: string,
  ): Promise<ImportStatusDto> {
    return importStatus(await this.started(principal.accountId, importId));
  }

  @Get(':importId/errors')
  @Roles('super_admin', 'user')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'The rows an import rejected so far, as CSV: line, code, reason, then the row as it was read',
  })
  @ApiNotFoundResponse({ type: HubSpotErrorResponseDto })
  @ApiResponse({ status: 410, type: HubSpotErrorResponseDto, description: 'The rejected rows were erased' })
  async errors(@CurrentPrincipal() principal: Principal, @Param('importId') importId: string): Promise<StreamableFile> {
    const state = await this.started(principal.accountId, importId);
    if (state.errorsErasedAt !== undefined) {
      throw new AppException('GONE', `The rejected rows of import ${importId} were erased at ${state.errorsErasedAt}`, {
        importId,
        errorsErasedAt: state.errorsErasedAt,
        rejectedRows: state.rejected,
      });
    }
    const rows = async function* (batches: AsyncGenerator<ImportRowError[]>) {
      for await (const errors of batches) {
        for (const { line, code, reason, fields } of errors) yield [line, code, reason, ...(fields ?? [])];
      }
    };
    const csv = Readable.from(rows(this.imports.errors(principal.accountId, importId))).pipe(
      stringify({ header: true, columns: ['line', 'code', 'reason', ...state.spec.header], ...CSV_WRITE_OPTIONS }),
    );
    return new StreamableFile(csv, {
      type: CSV,
      disposition: `attachment; filename="import-${importId}-errors.csv"`,
    });
  }

  @Delete(':importId/errors')
  @HttpCode(204)
  @Roles('super_admin', 'user')
  @ApiOperation({
    summary: "Erase an import's rejected rows for good",
    description:
      'Destroys the data key the rejected rows (their fields and reasons) are sealed under: they can no longer be read ' +
      'from the log, a rebuild or a backup. The counts stay; `GET …/errors` answers 410 from then on. Idempotent. ' +
      'Rows an import still running rejects later are stored already erased.',
  })
  @ApiNoContentResponse({ description: 'Erased (or erased before)' })
  @ApiNotFoundResponse({ type: HubSpotErrorResponseDto })
  async eraseErrors(@CurrentCommand() context: CommandContext, @Param('importId') importId: string): Promise<void> {
    await this.imports.eraseErrors(context, assertImportId(importId), 'request');
  }

  private async started(accountId: string, importId: string) {
    const state = await this.imports.state(accountId, assertImportId(importId));
    if (state.status === 'NotStarted') throw new AppException('NOT_FOUND', `No import ${importId} in this account`);
    return state;
  }
}
