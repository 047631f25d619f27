import { Global, Module } from '@nestjs/common';
import { AccountPositions } from '../commands/account-positions';
import { AppConfig } from '@app/config';
import { COMMAND_EXECUTOR_OPTIONS, CommandExecutor, type CommandExecutorOptions } from '../commands/command-executor';
import { AccountSchemaService } from './account-schema.service';
import { CatalogueReader } from './catalogue.reader';
import { StreamLoader } from './stream-loader';

/** The write path (load → decide → append) and the schema's two views: streams for commands, catalogue for queries. */
@Global()
@Module({
  providers: [
    AccountPositions,
    CommandExecutor,
    StreamLoader,
    AccountSchemaService,
    CatalogueReader,
    {
      provide: COMMAND_EXECUTOR_OPTIONS,
      useFactory: (config: AppConfig): CommandExecutorOptions => ({ combine: config.COMBINE_COMMANDS === 'true' }),
      inject: [AppConfig],
    },
  ],
  exports: [AccountPositions, CommandExecutor, StreamLoader, AccountSchemaService, CatalogueReader],
})
export class SchemaModule {}
