import { Module } from '@nestjs/common';
import { AccountStatsController } from './account-stats.controller';
import { GetAccountStatsQueryHandler } from './get-account-stats.query-handler';

@Module({ controllers: [AccountStatsController], providers: [GetAccountStatsQueryHandler] })
export class StatsModule {}
