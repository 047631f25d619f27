import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  READ_MODEL_STORE,
  accountStatsKey,
  accountStatsProjection,
  toAccountStats,
  type AccountStats,
  type ReadModelStore,
} from '@app/read-models';
import { GetAccountStatsQuery } from './get-account-stats.query';

/** Reads the account-stats projection's active generation. */
@QueryHandler(GetAccountStatsQuery)
export class GetAccountStatsQueryHandler implements IQueryHandler<GetAccountStatsQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute({ accountId }: GetAccountStatsQuery): Promise<AccountStats> {
    const projection = accountStatsProjection.name;
    const generation = await this.readModels.activeGeneration(projection);
    return toAccountStats(
      accountId,
      await this.readModels.hgetall({ projection, generation }, accountStatsKey(accountId)),
    );
  }
}
