import { Module, type DynamicModule } from '@nestjs/common';
import { ImportErrorsRetention } from './import-errors-retention';
import { IMPORT_RESUME, ImportJobs } from './import-jobs';
import { ImportStreams } from './import-streams';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';
import { RecordStreams } from '../records/record-streams';
import { UniqueValueKeys } from '../records/unique-value-keys';

/** Bulk import of labeled associations (issue 8). Rows run through the association and record commands. */
@Module({
  controllers: [ImportsController],
  providers: [ImportService, ImportStreams, ImportJobs, ImportErrorsRetention, RecordStreams, UniqueValueKeys],
  exports: [ImportService, ImportStreams, ImportErrorsRetention],
})
export class ImportsModule {
  /**
   * `resume`: pick up interrupted uploads at start-up and enforce the rejected rows' retention (the api server; not a
   * CLI process that embeds the app).
   */
  static forRoot(options: { resume: boolean }): DynamicModule {
    return { module: ImportsModule, providers: [{ provide: IMPORT_RESUME, useValue: options.resume }] };
  }
}
