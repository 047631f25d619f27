import { Module } from '@nestjs/common';
import { ArchiveRecordCommandHandler } from './archive-record/archive-record.command-handler';
import { CreateRecordCommandHandler } from './create-record/create-record.command-handler';
import { GetRecordQueryHandler } from './get-record/get-record.query-handler';
import { GetRecordsQueryHandler } from './get-records/get-records.query-handler';
import { RecordAssociationsReader } from './record-associations.reader';
import { RecordIdAllocator } from './record-id.allocator';
import { RecordStreams } from './record-streams';
import { RecordsController } from './records.controller';
import { RecordsReader } from './records.reader';
import { UpdateRecordCommandHandler } from './update-record/update-record.command-handler';

@Module({
  controllers: [RecordsController],
  providers: [
    RecordIdAllocator,
    RecordStreams,
    RecordsReader,
    RecordAssociationsReader,
    CreateRecordCommandHandler,
    UpdateRecordCommandHandler,
    ArchiveRecordCommandHandler,
    GetRecordQueryHandler,
    GetRecordsQueryHandler,
  ],
})
export class RecordsModule {}
