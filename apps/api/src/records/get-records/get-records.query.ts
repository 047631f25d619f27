import { Query } from '@nestjs/cqrs';
import type { SimplePublicObjectPageDto } from '../record.response.dto';

/** A page of an object type's live (or archived) records in id order, from the records projection. */
export class GetRecordsQuery extends Query<SimplePublicObjectPageDto> {
  constructor(
    readonly accountId: string,
    readonly objectType: string,
    readonly limit: number,
    readonly after: number | undefined,
    readonly properties: readonly string[],
    readonly archived: boolean,
    /** Object type names whose associated records the answer lists, as given. */
    readonly associations: readonly string[] = [],
  ) {
    super();
  }
}
