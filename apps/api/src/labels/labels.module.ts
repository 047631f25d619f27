import { Module } from '@nestjs/common';
import { CreateLabelCommandHandler } from './create-label/create-label.command-handler';
import { DeleteLabelCommandHandler } from './delete-label/delete-label.command-handler';
import { LabelUsageReader } from './delete-label/label-usage.reader';
import { GetLabelsQueryHandler } from './get-labels/get-labels.query-handler';
import { LabelDefinitionsController } from './label-definitions.controller';
import { RenameLabelCommandHandler } from './rename-label/rename-label.command-handler';

@Module({
  controllers: [LabelDefinitionsController],
  providers: [
    CreateLabelCommandHandler,
    RenameLabelCommandHandler,
    DeleteLabelCommandHandler,
    LabelUsageReader,
    GetLabelsQueryHandler,
  ],
})
export class LabelsModule {}
