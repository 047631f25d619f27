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
import { UniqueValueKeys } from './unique-value-keys';

/** Records read per round trip when a whole type is read. */
const SCAN_CHUNK = 500;

/** The query side's view of records: the records projection, with object types resolved by the catalogue. */
@Injectable()
export class RecordsReader {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly catalogue: CatalogueReader,
    private readonly valueKeys: UniqueValueKeys,
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

  /**
   * Every live record of a type in id order, a chunk at a time: what a search filters. It reads the whole type, so
   * its cost grows with the type's records (see the search handler).
   */
  async *scan(accountId: string, objectTypeId: string): AsyncGenerator<RecordView[]> {
    const ns = await this.namespace();
    let after: number | undefined;
    do {
      const page = await readRecordsPage(this.readModels, ns, accountId, objectTypeId, { after, limit: SCAN_CHUNK });
      yield page.results;
      after = page.paging === undefined ? undefined : Number(page.paging.next.after);
    } while (after !== undefined);
  }

  private async idByValue(
    ns: Namespace,
    accountId: string,
    objectTypeId: string,
    property: string,
    value: string | undefined,
  ): Promise<string | undefined> {
    if (value === undefined) return undefined;
    const valueKey = await this.valueKeys.of(accountId, objectTypeId, property, value);
    return recordIdByUniqueValue(this.readModels, ns, accountId, objectTypeId, property, valueKey);
  }

  private async namespace(): Promise<Namespace> {
    const projection = recordsProjection.name;
    return { projection, generation: await this.readModels.activeGeneration(projection) };
  }
}
