import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GetLabelsQuery } from '../../labels/get-labels/get-labels.query';
import { BatchReadAssociationsQuery } from '../batch-read-associations/batch-read-associations.query';
import { BatchReadV3AssociationsQuery, type BatchReadV3AssociationsResult } from './batch-read-v3-associations.query';

/**
 * The v4 batch read (same pages, paging and 207 for unknown or archived ids) with each associated record's typeIds
 * written as the v3 names GET /crm/v3/associations/{from}/{to}/types gives them.
 */
@QueryHandler(BatchReadV3AssociationsQuery)
export class BatchReadV3AssociationsQueryHandler implements IQueryHandler<BatchReadV3AssociationsQuery> {
  constructor(private readonly queries: QueryBus) {}

  async execute(query: BatchReadV3AssociationsQuery): Promise<BatchReadV3AssociationsResult> {
    const { accountId, fromObjectType, toObjectType, inputs } = query;
    const read = await this.queries.execute(
      new BatchReadAssociationsQuery(accountId, fromObjectType, toObjectType, inputs),
    );
    const types = await this.queries.execute(new GetLabelsQuery(accountId, fromObjectType, toObjectType));
    const names = new Map(types.map((t) => [t.typeId, t.name]));
    const results = read.results.map(({ from, to, paging }) => ({
      from,
      to: to.flatMap(({ toObjectId, associationTypes }) =>
        associationTypes.flatMap(({ typeId }) => {
          const type = names.get(typeId);
          return type === undefined ? [] : [{ id: String(toObjectId), type }];
        }),
      ),
      ...(paging && { paging }),
    }));
    return { results, errors: read.errors };
  }
}
