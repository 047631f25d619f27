import { Module } from '@nestjs/common';
import { RecordStreams } from '../records/record-streams';
import { RecordsReader } from '../records/records.reader';
import { AssociationBatchesController } from './association-batches.controller';
import { AssociationStreams } from './association-streams';
import { AssociationsController } from './associations.controller';
import {
  BatchRemoveAssociationsCommandHandler,
  BatchSetAssociationLabelsCommandHandler,
} from './batch-associations/batch-associations.command-handler';
import { BatchReadAssociationsQueryHandler } from './batch-read-associations/batch-read-associations.query-handler';
import { GetAssociationsQueryHandler } from './get-associations/get-associations.query-handler';
import { RemoveAssociationCommandHandler } from './remove-association/remove-association.command-handler';
import { SetAssociationLabelsCommandHandler } from './set-association-labels/set-association-labels.command-handler';

@Module({
  controllers: [AssociationsController, AssociationBatchesController],
  providers: [
    RecordStreams,
    AssociationStreams,
    SetAssociationLabelsCommandHandler,
    RemoveAssociationCommandHandler,
    GetAssociationsQueryHandler,
    RecordsReader,
    BatchSetAssociationLabelsCommandHandler,
    BatchRemoveAssociationsCommandHandler,
    BatchReadAssociationsQueryHandler,
  ],
})
export class AssociationsModule {}
