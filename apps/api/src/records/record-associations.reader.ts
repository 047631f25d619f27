import { Inject, Injectable } from '@nestjs/common';
import {
  READ_MODEL_STORE,
  associationTypesBetween,
  associationsProjection,
  readAssociationsPage,
  type AssociationTypeView,
  type ReadModelStore,
} from '@app/read-models';
import { CatalogueReader } from '../schema/catalogue.reader';
import type { RecordAssociationsDto } from './record.response.dto';

/** How many associated records of one type a record read shows; `paging.next.after` says there are more. */
export const RECORD_ASSOCIATIONS_LIMIT = 100;

/** The object types a read asked associations of, resolved once per request (the name as given is the key). */
export interface AssociationsRequest {
  readonly fromObjectTypeId: string;
  readonly targets: readonly {
    name: string;
    toObjectTypeId: string;
    types: ReadonlyMap<number, AssociationTypeView>;
  }[];
}

/**
 * The `associations` of a v3 record read, from the associations projection: per requested object type, one
 * `{id, type}` per associated record and typeId, `type` the v3 string (the type's internal name, e.g.
 * `contact_to_company` for Primary and `contact_to_company_unlabeled` beside it, hubspot-v4-api.md §1.2).
 */
@Injectable()
export class RecordAssociationsReader {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly catalogue: CatalogueReader,
  ) {}

  /** Unknown object type names are a 400, as on the association routes. */
  async request(accountId: string, fromObjectTypeId: string, names: readonly string[]): Promise<AssociationsRequest> {
    if (names.length === 0) return { fromObjectTypeId, targets: [] };
    const catalogue = await this.catalogue.read(accountId);
    const targets = [...new Set(names)].map((name) => {
      const toObjectTypeId = this.catalogue.resolveObjectType(catalogue, name);
      const types = new Map(
        associationTypesBetween(catalogue, fromObjectTypeId, toObjectTypeId).map((t) => [t.typeId, t]),
      );
      return { name, toObjectTypeId, types };
    });
    return { fromObjectTypeId, targets };
  }

  /** Undefined when nothing was asked or nothing is associated (HubSpot omits empty keys). */
  async read(
    accountId: string,
    recordId: string,
    { fromObjectTypeId, targets }: AssociationsRequest,
  ): Promise<RecordAssociationsDto | undefined> {
    if (targets.length === 0) return undefined;
    const projection = associationsProjection.name;
    const ns = { projection, generation: await this.readModels.activeGeneration(projection) };
    const entries = await Promise.all(
      targets.map(async ({ name, toObjectTypeId, types }) => {
        const page = await readAssociationsPage(
          this.readModels,
          ns,
          accountId,
          fromObjectTypeId,
          recordId,
          toObjectTypeId,
          {
            limit: RECORD_ASSOCIATIONS_LIMIT,
          },
        );
        const results = page.results.flatMap(({ toObjectId, typeIds }) =>
          typeIds.flatMap((typeId) => {
            const type = types.get(typeId);
            return type ? [{ id: String(toObjectId), type: type.name }] : [];
          }),
        );
        if (results.length === 0) return undefined;
        const value =
          page.paging === undefined
            ? { results }
            : { results, paging: { next: { after: String(page.paging.next.after) } } };
        return [name, value] as const;
      }),
    );
    const present = entries.filter((e) => e !== undefined);
    return present.length === 0 ? undefined : Object.fromEntries(present);
  }
}
