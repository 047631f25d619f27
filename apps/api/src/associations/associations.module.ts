import { Module } from '@nestjs/common';
import { RecordStreams } from '../records/record-streams';
import { RecordsReader } from '../records/records.reader';
import { UniqueValueKeys } from '../records/unique-value-keys';
import { AssociationBatchesController } from './association-batches.controller';
import { AssociationLabelsController } from './association-labels.controller';
import { AssociationStreams } from './association-streams';
import { AssociationsV3Controller } from './associations-v3.controller';
import { AssociationsController } from './associations.controller';
import {
  BatchRemoveAssociationsCommandHandler,
  BatchSetAssociationLabelsCommandHandler,
} from './batch-associations/batch-associations.command-handler';
import { BatchReadAssociationsQueryHandler } from './batch-read-associations/batch-read-associations.query-handler';
import { BatchReadV3AssociationsQueryHandler } from './batch-read-v3-associations/batch-read-v3-associations.query-handler';
import {
  BatchArchiveV3AssociationsCommandHandler,
  BatchCreateV3AssociationsCommandHandler,
} from './batch-v3-associations/batch-v3-associations.command-handler';
import { GetAssociationsQueryHandler } from './get-associations/get-associations.query-handler';
import { RemoveAssociationCommandHandler } from './remove-association/remove-association.command-handler';
import { SetAssociationLabelsCommandHandler } from './set-association-labels/set-association-labels.command-handler';

@Module({
  controllers: [
    AssociationsController,
    AssociationBatchesController,
    AssociationLabelsController,
    AssociationsV3Controller,
  ],
  providers: [
    RecordStreams,
    UniqueValueKeys,
    AssociationStreams,
    SetAssociationLabelsCommandHandler,
    RemoveAssociationCommandHandler,
    GetAssociationsQueryHandler,
    RecordsReader,
    BatchSetAssociationLabelsCommandHandler,
    BatchRemoveAssociationsCommandHandler,
    BatchReadAssociationsQueryHandler,
    BatchCreateV3AssociationsCommandHandler,
    BatchArchiveV3AssociationsCommandHandler,
    BatchReadV3AssociationsQueryHandler,
  ],
})
export class AssociationsModule {}
