import { Inject, Injectable } from '@nestjs/common';
import { uniquePropertyOf, unlabeledTypeId } from '@app/domain';
import { LABELS_COLUMN } from '@app/domain/imports';
import {
  READ_MODEL_STORE,
  associationsProjection,
  readAssociationsPage,
  readRecord,
  readRecordsPage,
  recordsProjection,
  type Namespace,
  type ReadModelStore,
  type RecordView,
} from '@app/read-models';
import { AccountSchemaService } from '../schema/account-schema.service';
import { labelCellName, pairLabelDirections } from '../imports/pair-labels';

/** Associated records read per round trip. */
const PAGE = 500;
/** To records whose unique value is kept between rows (hub companies recur on many rows). */
const TO_CACHE = 10_000;

export interface AssociationExport {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  header: string[];
  rows: AsyncGenerator<string[]>;
}

/**
 * The account's associations between two object types as rows of the importer's own format (ADR 0008): `from_id`,
 * `from_<unique>`, `to_id`, `to_<unique>` (unique columns where the type has a unique property) and `labels` — the
 * from → to direction's labels by text, or by internal name where the text would not read back as that label. Read
 * from the records and associations projections, a page at a time, so memory stays flat whatever the account's size.
 */
@Injectable()
export class AssociationExportService {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly schemas: AccountSchemaService,
  ) {}

  async export(accountId: string, fromObjectType: string, toObjectType: string): Promise<AssociationExport> {
    const schema = await this.schemas.load(accountId);
    const fromObjectTypeId = this.schemas.resolveObjectType(schema.state, fromObjectType);
    const toObjectTypeId = this.schemas.resolveObjectType(schema.state, toObjectType);
    const fromUnique = uniquePropertyOf(fromObjectTypeId);
    const toUnique = uniquePropertyOf(toObjectTypeId);
    const header = [
      'from_id',
      ...(fromUnique ? [`from_${fromUnique}`] : []),
      'to_id',
      ...(toUnique ? [`to_${toUnique}`] : []),
      LABELS_COLUMN,
    ];
    const directions = (await pairLabelDirections(this.schemas, accountId, fromObjectTypeId, toObjectTypeId)).filter(
      (d) => d.fromObjectTypeId === fromObjectTypeId && d.toObjectTypeId === toObjectTypeId,
    );
    const names = new Map(directions.map((d) => [d.typeId, labelCellName(d, directions)]));
    const unlabeled = unlabeledTypeId(fromObjectTypeId, toObjectTypeId);
    const labelCell = (typeIds: readonly number[]) =>
      typeIds
        .filter((t) => t !== unlabeled)
        .map((t) => names.get(t) ?? String(t))
        .join(';');

    const readModels = this.readModels;
    const records = {
      projection: recordsProjection.name,
      generation: await readModels.activeGeneration(recordsProjection.name),
    };
    const links = {
      projection: associationsProjection.name,
      generation: await readModels.activeGeneration(associationsProjection.name),
    };
    const toValues = new Map<string, string>();
    const toValue = async (toId: string): Promise<string> => {
      if (!toUnique) return '';
      let value = toValues.get(toId);
      if (value === undefined) {
        value = (await readRecord(readModels, records, accountId, toObjectTypeId, toId))?.properties[toUnique] ?? '';
        if (toValues.size >= TO_CACHE) toValues.delete(toValues.keys().next().value as string);
        toValues.set(toId, value);
      }
      return value;
    };
    const fromRecords = this.scan(records, accountId, fromObjectTypeId);
    const rows = async function* (): AsyncGenerator<string[]> {
      for await (const from of fromRecords) {
        let after: number | undefined;
        do {
          const page = await readAssociationsPage(
            readModels,
            links,
            accountId,
            fromObjectTypeId,
            from.id,
            toObjectTypeId,
            {
              after,
              limit: PAGE,
            },
          );
          for (const { toObjectId, typeIds } of page.results) {
            const toId = String(toObjectId);
            yield [
              from.id,
              ...(fromUnique ? [from.properties[fromUnique] ?? ''] : []),
              toId,
              ...(toUnique ? [await toValue(toId)] : []),
              labelCell(typeIds),
            ];
          }
          after = page.paging === undefined ? undefined : Number(page.paging.next.after);
        } while (after !== undefined);
      }
    };
    return { fromObjectTypeId, toObjectTypeId, header, rows: rows() };
  }

  /** Every live record of a type in id order, a page at a time. */
  private async *scan(ns: Namespace, accountId: string, objectTypeId: string): AsyncGenerator<RecordView> {
    let after: number | undefined;
    do {
      const page = await readRecordsPage(this.readModels, ns, accountId, objectTypeId, { after, limit: PAGE });
      yield* page.results;
      after = page.paging === undefined ? undefined : Number(page.paging.next.after);
    } while (after !== undefined);
  }
}
