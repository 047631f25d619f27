import { Query } from '@nestjs/cqrs';
import type { AvailableObjectTypeDto } from '../object-schema.response.dto';

/** The object types the account can associate (standard, activated, custom), from the label catalogue projection. */
export class GetObjectTypesQuery extends Query<AvailableObjectTypeDto[]> {
  constructor(readonly accountId: string) {
    super();
  }
}
