import { Query } from '@nestjs/cqrs';
import type { SimplePublicObjectDto } from '../record.response.dto';

/** One record by id or unique value, live (or with `archived` archived), from the records projection. */
export class GetRecordQuery extends Query<SimplePublicObjectDto> {
  constructor(
    readonly accountId: string,
    readonly objectType: string,
    readonly id: string,
    readonly idProperty: string | undefined,
    readonly properties: readonly string[],
    readonly archived: boolean,
    /** Object type names whose associated records the answer lists, as given. */
    readonly associations: readonly string[] = [],
  ) {
    super();
  }
}
