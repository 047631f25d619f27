import { Module } from '@nestjs/common';
import { ArchiveRecordCommandHandler } from './archive-record/archive-record.command-handler';
import { BatchArchiveRecordsCommandHandler } from './batch-archive-records/batch-archive-records.command-handler';
import { BatchCreateRecordsCommandHandler } from './batch-create-records/batch-create-records.command-handler';
import { BatchReadRecordsQueryHandler } from './batch-read-records/batch-read-records.query-handler';
import { BatchUpdateRecordsCommandHandler } from './batch-update-records/batch-update-records.command-handler';
import { BatchUpsertRecordsCommandHandler } from './batch-upsert-records/batch-upsert-records.command-handler';
import { CreateRecordCommandHandler } from './create-record/create-record.command-handler';
import { GetRecordQueryHandler } from './get-record/get-record.query-handler';
import { GetRecordsQueryHandler } from './get-records/get-records.query-handler';
import { RecordAssociationsReader } from './record-associations.reader';
import { RecordIdAllocator } from './record-id.allocator';
import { RecordStreams } from './record-streams';
import { RecordBatchesController } from './record-batches.controller';
import { RecordErasureController } from './record-erasure.controller';
import { EraseRecordCommandHandler } from './erase-record/erase-record.command-handler';
import { RecordsController } from './records.controller';
import { RecordsReader } from './records.reader';
import { UniqueValueKeys } from './unique-value-keys';
import { SearchRecordsQueryHandler } from './search-records/search-records.query-handler';
import { UpdateRecordCommandHandler } from './update-record/update-record.command-handler';

@Module({
  controllers: [RecordsController, RecordBatchesController, RecordErasureController],
  providers: [
    RecordIdAllocator,
    RecordStreams,
    UniqueValueKeys,
    RecordsReader,
    RecordAssociationsReader,
    CreateRecordCommandHandler,
    UpdateRecordCommandHandler,
    ArchiveRecordCommandHandler,
    EraseRecordCommandHandler,
    GetRecordQueryHandler,
    GetRecordsQueryHandler,
    BatchCreateRecordsCommandHandler,
    BatchUpdateRecordsCommandHandler,
    BatchUpsertRecordsCommandHandler,
    BatchArchiveRecordsCommandHandler,
    BatchReadRecordsQueryHandler,
    SearchRecordsQueryHandler,
  ],
})
export class RecordsModule {}
