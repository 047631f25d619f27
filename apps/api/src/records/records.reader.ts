import { Inject, Injectable } from '@nestjs/common';
import {
  READ_MODEL_STORE,
  readRecord,
  readRecordsPage,
  recordIdByUniqueValue,
  recordsProjection,
  type Namespace,
  type ReadModelStore,
  type RecordView,
  type RecordsPage,
  type RecordsPageRequest,
} from '@app/read-models';
import { normalizeUniqueValue } from '@app/domain';
import { CatalogueReader } from '../schema/catalogue.reader';
import type { RecordKey } from './record-target';

/** The query side's view of records: the records projection, with object types resolved by the catalogue. */
@Injectable()
export class RecordsReader {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly catalogue: CatalogueReader,
  ) {}

  async resolveObjectType(accountId: string, objectType: string): Promise<string> {
    return this.catalogue.resolveObjectType(await this.catalogue.read(accountId), objectType);
  }

  async read(accountId: string, objectTypeId: string, key: RecordKey): Promise<RecordView | undefined> {
    const ns = await this.namespace();
    const id =
      key.by === 'id'
        ? key.id
        : await this.idByValue(ns, accountId, objectTypeId, key.property, normalizeUniqueValue(key.value));
    return id === undefined ? undefined : readRecord(this.readModels, ns, accountId, objectTypeId, id);
  }

  async page(accountId: string, objectTypeId: string, request: RecordsPageRequest): Promise<RecordsPage> {
    return readRecordsPage(this.readModels, await this.namespace(), accountId, objectTypeId, request);
  }

  private idByValue(
    ns: Namespace,
    accountId: string,
    objectTypeId: string,
    property: string,
    value: string | undefined,
  ): Promise<string | undefined> {
    if (value === undefined) return Promise.resolve(undefined);
    return recordIdByUniqueValue(this.readModels, ns, accountId, objectTypeId, property, value);
  }

  private async namespace(): Promise<Namespace> {
    const projection = recordsProjection.name;
    return { projection, generation: await this.readModels.activeGeneration(projection) };
  }
}
