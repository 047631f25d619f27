import { Module } from '@nestjs/common';
import { AssociationExportService } from './association-export.service';
import { ExportsController } from './exports.controller';

/** Export of labeled associations as importable CSV (issue 8). */
@Module({
  controllers: [ExportsController],
  providers: [AssociationExportService],
  exports: [AssociationExportService],
})
export class ExportsModule {}
