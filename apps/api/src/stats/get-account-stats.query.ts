import { Query } from '@nestjs/cqrs';
import type { AccountStats } from '@app/read-models';

/** The caller's account: how many events it has, of which types, and where its last one is. */
export class GetAccountStatsQuery extends Query<AccountStats> {
  constructor(readonly accountId: string) {
    super();
  }
}
