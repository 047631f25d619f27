import { Module } from '@nestjs/common';
import { SchemaTransferController } from './schema-transfer.controller';
import { SchemaTransferService } from './schema-transfer.service';

/** Schema export/import between accounts (issue 8). */
@Module({ controllers: [SchemaTransferController], providers: [SchemaTransferService] })
export class SchemaTransferModule {}
