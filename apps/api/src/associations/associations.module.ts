import { Module } from '@nestjs/common';
import { RecordStreams } from '../records/record-streams';
import { AssociationStreams } from './association-streams';
import { AssociationsController } from './associations.controller';
import { GetAssociationsQueryHandler } from './get-associations/get-associations.query-handler';
import { RemoveAssociationCommandHandler } from './remove-association/remove-association.command-handler';
import { SetAssociationLabelsCommandHandler } from './set-association-labels/set-association-labels.command-handler';

@Module({
  controllers: [AssociationsController],
  providers: [
    RecordStreams,
    AssociationStreams,
    SetAssociationLabelsCommandHandler,
    RemoveAssociationCommandHandler,
    GetAssociationsQueryHandler,
  ],
})
export class AssociationsModule {}
