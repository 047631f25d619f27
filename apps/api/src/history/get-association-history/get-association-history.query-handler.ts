import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, recordName, type RecordKey } from '@app/domain';
import {
  READ_MODEL_STORE,
  associationHistoryProjection,
  readAssociationHistory,
  recordExisted,
  recordsProjection,
  type AssociationHistoryPage,
  type ReadModelStore,
} from '@app/read-models';
import { isRecordId } from '../../records/record-input';
import { CatalogueReader } from '../../schema/catalogue.reader';
import { GetAssociationHistoryQuery } from './get-association-history.query';

/**
 * Reads the association-history projection. Both records must exist in the caller's account (archived ones keep
 * their history); unknown object types are a 400 as on the association routes, unknown records a 404.
 */
@QueryHandler(GetAssociationHistoryQuery)
export class GetAssociationHistoryQueryHandler implements IQueryHandler<GetAssociationHistoryQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly catalogue: CatalogueReader,
  ) {}

  async execute(query: GetAssociationHistoryQuery): Promise<AssociationHistoryPage> {
    const { accountId, page } = query;
    const catalogue = await this.catalogue.read(accountId);
    const from = {
      objectTypeId: this.catalogue.resolveObjectType(catalogue, query.objectType),
      recordId: query.objectId,
    };
    const to = {
      objectTypeId: this.catalogue.resolveObjectType(catalogue, query.toObjectType),
      recordId: query.toObjectId,
    };
    await Promise.all([this.assertExists(accountId, from), this.assertExists(accountId, to)]);
    const projection = associationHistoryProjection.name;
    const ns = { projection, generation: await this.readModels.activeGeneration(projection) };
    return readAssociationHistory(this.readModels, ns, accountId, from, to, page);
  }

  private async assertExists(accountId: string, key: RecordKey): Promise<void> {
    const { objectTypeId, recordId } = key;
    const projection = recordsProjection.name;
    const ns = { projection, generation: await this.readModels.activeGeneration(projection) };
    const found = isRecordId(recordId) && (await recordExisted(this.readModels, ns, accountId, objectTypeId, recordId));
    if (!found) {
      throw new DomainError('RECORD_NOT_FOUND', `Record ${recordName(key)} does not exist`, { objectTypeId, recordId });
    }
  }
}
