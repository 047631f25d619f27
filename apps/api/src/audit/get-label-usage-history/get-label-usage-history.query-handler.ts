import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  READ_MODEL_STORE,
  labelUsageDaysKey,
  labelUsageProjection,
  usageTimeline,
  type ReadModelStore,
} from '@app/read-models';
import { LabelKeyResolver } from '../../history/label-key.resolver';
import { GetLabelUsageHistoryQuery, type LabelUsageHistoryView } from './get-label-usage-history.query';

/**
 * A label's usage over time (issue 6 item 1) from the label-usage projection's day hashes: one read per direction of
 * the label, whose size grows with the days the label changed hands, never with its number of uses.
 */
@QueryHandler(GetLabelUsageHistoryQuery)
export class GetLabelUsageHistoryQueryHandler implements IQueryHandler<GetLabelUsageHistoryQuery> {
  constructor(
    private readonly keys: LabelKeyResolver,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  async execute({
    accountId,
    typeIdOrName,
    pair,
    from,
    to,
  }: GetLabelUsageHistoryQuery): Promise<LabelUsageHistoryView> {
    const type = await this.keys.resolveLive(accountId, typeIdOrName, pair);
    const projection = labelUsageProjection.name;
    const ns = { projection, generation: await this.readModels.activeGeneration(projection) };
    const typeIds = [...new Set([type.typeId, type.inverseTypeId])];
    const hashes = await Promise.all(
      typeIds.map((id) => this.readModels.hgetall(ns, labelUsageDaysKey(accountId, id))),
    );
    return { typeId: type.typeId, results: usageTimeline(hashes, from?.slice(0, 10), to?.slice(0, 10)) };
  }
}
