import { Query } from '@nestjs/cqrs';
import type { ObjectSchemaDto } from '../object-schema.response.dto';

/** Every live custom object schema of the account, by `2-<n>`, from the label catalogue projection. */
export class GetCustomObjectsQuery extends Query<ObjectSchemaDto[]> {
  constructor(readonly accountId: string) {
    super();
  }
}

/** One custom object schema, named by `2-<n>` or fully-qualified name, from the label catalogue projection. */
export class GetCustomObjectQuery extends Query<ObjectSchemaDto> {
  constructor(
    readonly accountId: string,
    readonly objectType: string,
  ) {
    super();
  }
}
