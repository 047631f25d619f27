import { Query } from '@nestjs/cqrs';
import type { MultiAssociatedObjectPageDto } from '../associations.response.dto';

export class GetAssociationsQuery extends Query<MultiAssociatedObjectPageDto> {
  constructor(
    readonly accountId: string,
    readonly objectType: string,
    readonly objectId: string,
    readonly toObjectType: string,
    readonly limit: number,
    readonly after: number | undefined,
  ) {
    super();
  }
}
