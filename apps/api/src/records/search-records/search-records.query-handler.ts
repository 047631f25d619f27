import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_ONLY_RECORD_PROPERTIES } from '@app/domain';
import type { LabelCatalogue, RecordView } from '@app/read-models';
import { AppException } from '../../errors/app.exception';
import { CatalogueReader } from '../../schema/catalogue.reader';
import { toSimplePublicObject } from '../record.mapper';
import { RecordsReader } from '../records.reader';
import { compareBySorts, matchesSearch, namedProperties, type SearchRequest } from './record-search';
import { SearchRecordsQuery, type RecordSearchPage } from './search-records.query';

/** What `query` searches per built-in type (their primary display properties); custom objects: their own. */
const QUERY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  '0-1': ['firstname', 'lastname', 'email'],
  '0-2': ['name', 'domain'],
  '0-3': ['dealname'],
  '0-5': ['subject'],
};

/**
 * Reads the type's live records from the records projection, keeps the matches, sorts them and answers one page with
 * the total. Paging `after` is an offset into the sorted matches. Every search reads the whole type: fine for the
 * sizes this service holds today; a property-value index in the records projection is the next step when not.
 */
@QueryHandler(SearchRecordsQuery)
export class SearchRecordsQueryHandler implements IQueryHandler<SearchRecordsQuery> {
  constructor(
    private readonly catalogue: CatalogueReader,
    private readonly records: RecordsReader,
  ) {}

  async execute({ accountId, objectType, request }: SearchRecordsQuery): Promise<RecordSearchPage> {
    const catalogue = await this.catalogue.read(accountId);
    const objectTypeId = this.catalogue.resolveObjectType(catalogue, objectType);
    const queryProperties = queryPropertiesOf(catalogue, objectTypeId, request);
    const matches: RecordView[] = [];
    for await (const chunk of this.records.scan(accountId, objectTypeId)) {
      for (const record of chunk) if (matchesSearch(record, request, queryProperties)) matches.push(record);
    }
    if (request.sorts.length > 0) matches.sort(compareBySorts(request.sorts));
    const { offset, limit } = request;
    const results = matches
      .slice(offset, offset + limit)
      .map((r) => toSimplePublicObject(r, objectTypeId, { kind: 'requested', names: request.properties }));
    const page: RecordSearchPage = { total: matches.length, results };
    if (offset + limit < matches.length) page.paging = { next: { after: String(offset + limit) } };
    return page;
  }
}

/**
 * The properties `query` searches. A custom object's filters and sorts may only name the properties its schema
 * declares (and the store-kept ones), as its writes may: anything else is a 400, not an empty answer.
 */
function queryPropertiesOf(catalogue: LabelCatalogue, objectTypeId: string, request: SearchRequest): readonly string[] {
  const custom = catalogue.customObjects.find((o) => o.objectTypeId === objectTypeId);
  if (custom === undefined) return QUERY_PROPERTIES[objectTypeId] ?? [];
  const declared = new Set([...custom.properties.map((p) => String(p.name)), ...READ_ONLY_RECORD_PROPERTIES]);
  const unknown = namedProperties(request).filter((name) => !declared.has(name));
  if (unknown.length > 0) {
    throw new AppException(
      'VALIDATION_FAILED',
      `Unknown properties for ${objectTypeId}: ${unknown.map((n) => `Property "${n}" does not exist`).join('; ')}`,
      { objectTypeId, properties: unknown },
    );
  }
  return [custom.primaryDisplayProperty];
}
