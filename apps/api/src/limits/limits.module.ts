import { Module } from '@nestjs/common';
import { AssociationLimitWriter } from './association-limit.writer';
import { AssociationLimitsController } from './association-limits.controller';
import { CreateLimitsCommandHandler } from './create-limits/create-limits.command-handler';
import { GetLimitsQueryHandler } from './get-limits/get-limits.query-handler';
import { PurgeLimitsCommandHandler } from './purge-limits/purge-limits.command-handler';
import { UpdateLimitsCommandHandler } from './update-limits/update-limits.command-handler';

@Module({
  controllers: [AssociationLimitsController],
  providers: [
    AssociationLimitWriter,
    CreateLimitsCommandHandler,
    UpdateLimitsCommandHandler,
    PurgeLimitsCommandHandler,
    GetLimitsQueryHandler,
  ],
})
export class LimitsModule {}
