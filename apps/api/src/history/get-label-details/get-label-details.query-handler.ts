import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/domain';
import { LabelKeyResolver } from '../label-key.resolver';
import { GetLabelDetailsQuery } from './get-label-details.query';
import { labelDetails, type LabelDetails } from './label-details';

@QueryHandler(GetLabelDetailsQuery)
export class GetLabelDetailsQueryHandler implements IQueryHandler<GetLabelDetailsQuery> {
  constructor(private readonly keys: LabelKeyResolver) {}

  async execute({ accountId, typeIdOrName, pair }: GetLabelDetailsQuery): Promise<LabelDetails> {
    const resolved = await this.keys.resolve(accountId, typeIdOrName, pair);
    if (resolved.kind === 'deleted') {
      const { typeId, labelId } = resolved;
      throw new DomainError(
        'LABEL_DELETED',
        `Association type ${typeId} belonged to label ${labelId}, which was deleted; ` +
          `its history remains at /api/v1/association-labels/${typeId}/history`,
        { typeId, labelId },
      );
    }
    return labelDetails(resolved.catalogue, resolved.types, resolved.type);
  }
}
