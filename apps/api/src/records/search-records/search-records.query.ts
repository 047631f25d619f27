import { Query } from '@nestjs/cqrs';
import type { SimplePublicObjectDto } from '../record.response.dto';
import type { SearchRequest } from './record-search';

export interface RecordSearchPage {
  total: number;
  results: SimplePublicObjectDto[];
  paging?: { next: { after: string } };
}

/** POST /crm/v3/objects/{objectType}/search: live records matching filters and a query, sorted, a page at a time. */
export class SearchRecordsQuery extends Query<RecordSearchPage> {
  constructor(
    readonly accountId: string,
    readonly objectType: string,
    readonly request: SearchRequest,
  ) {
    super();
  }
}
