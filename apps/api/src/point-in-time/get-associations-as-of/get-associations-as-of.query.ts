import { Query } from '@nestjs/cqrs';
import type { MultiAssociatedObjectPageDto } from '../../associations/associations.response.dto';
import type { AsOf } from '../as-of';

/** The v4 associations page of a record as it was at a position or time. */
export class GetAssociationsAsOfQuery extends Query<MultiAssociatedObjectPageDto> {
  constructor(
    readonly accountId: string,
    readonly objectType: string,
    readonly objectId: string,
    readonly toObjectType: string,
    readonly limit: number,
    readonly after: number | undefined,
    readonly asOf: AsOf,
  ) {
    super();
  }
}
