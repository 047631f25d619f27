import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_STORE, labelUsageKey, labelUsageProjection, type ReadModelStore } from '@app/read-models';
import { LabelKeyResolver } from '../../history/label-key.resolver';
import { GetLabelUsageQuery } from './get-label-usage.query';
import { labelUsageView, type LabelUsageView } from './label-usage';

/**
 * Reads the label-usage projection: one hash field per direction of the label, whatever the number of uses (O(1)).
 * Unlabeled types answer too (the associations of their pair); a deleted label has no usage and answers 404.
 */
@QueryHandler(GetLabelUsageQuery)
export class GetLabelUsageQueryHandler implements IQueryHandler<GetLabelUsageQuery> {
  constructor(
    private readonly keys: LabelKeyResolver,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  async execute({ accountId, typeIdOrName, pair }: GetLabelUsageQuery): Promise<LabelUsageView> {
    const type = await this.keys.resolveLive(accountId, typeIdOrName, pair);
    const projection = labelUsageProjection.name;
    const ns = { projection, generation: await this.readModels.activeGeneration(projection) };
    const key = labelUsageKey(accountId);
    const typeIds = [...new Set([type.typeId, type.inverseTypeId])];
    const values = await Promise.all(typeIds.map((id) => this.readModels.hget(ns, key, String(id))));
    const counts: Record<string, string> = {};
    typeIds.forEach((id, i) => {
      if (values[i] !== undefined) counts[String(id)] = values[i]!;
    });
    return labelUsageView(type, counts);
  }
}
