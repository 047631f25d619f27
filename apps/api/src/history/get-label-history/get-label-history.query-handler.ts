import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_STORE, readLabelHistory, type LabelHistoryPage, type ReadModelStore } from '@app/read-models';
import { LabelKeyResolver } from '../label-key.resolver';
import { GetLabelHistoryQuery } from './get-label-history.query';

/** Reads the label-history projection; an unlabeled type is no label and has no history (an empty page). */
@QueryHandler(GetLabelHistoryQuery)
export class GetLabelHistoryQueryHandler implements IQueryHandler<GetLabelHistoryQuery> {
  constructor(
    private readonly keys: LabelKeyResolver,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  async execute({ accountId, typeIdOrName, pair, page }: GetLabelHistoryQuery): Promise<LabelHistoryPage> {
    const resolved = await this.keys.resolve(accountId, typeIdOrName, pair);
    const labelId = resolved.kind === 'deleted' ? resolved.labelId : resolved.type.labelId;
    if (labelId === undefined) return { results: [] };
    return readLabelHistory(this.readModels, await this.keys.historyNamespace(), accountId, labelId, page);
  }
}
