import { Injectable } from '@nestjs/common';
import { AppException } from '../errors/app.exception';
import { CatalogueReader } from '../schema/catalogue.reader';
import type { AuditEventsQueryDto } from './audit-events.request.dto';
import type { AuditEventFilter } from './audit-log/audit-event.filter';

/** An object type id as streams and events carry it: kept as given, so types since removed can still be audited. */
const OBJECT_TYPE_ID = /^\d+-\d+$/;

/** Turns the route's query into the reader's filter: times parsed, an object type name resolved to its id. */
@Injectable()
export class AuditFilterResolver {
  constructor(private readonly catalogues: CatalogueReader) {}

  async resolve(accountId: string, query: AuditEventsQueryDto): Promise<AuditEventFilter> {
    const from = query.from === undefined ? undefined : Date.parse(query.from);
    const to = query.to === undefined ? undefined : Date.parse(query.to);
    if (from !== undefined && to !== undefined && from >= to) {
      throw new AppException(
        'VALIDATION_FAILED',
        `Invalid input: from (${query.from}) must be before to (${query.to})`,
        {
          fields: { from: ['must be before to'] },
        },
      );
    }
    if (query.objectId !== undefined && query.objectType === undefined) {
      throw new AppException(
        'VALIDATION_FAILED',
        'Invalid input: objectId needs objectType (record ids are per type)',
        {
          fields: { objectType: ['required with objectId'] },
        },
      );
    }
    const filter: AuditEventFilter = {};
    if (query.type !== undefined && query.type.length > 0) filter.types = query.type;
    if (query.actor !== undefined) filter.actor = query.actor;
    if (from !== undefined) filter.from = from;
    if (to !== undefined) filter.to = to;
    if (query.objectType !== undefined) filter.objectTypeId = await this.objectTypeId(accountId, query.objectType);
    if (query.objectId !== undefined) filter.objectId = query.objectId;
    return filter;
  }

  private async objectTypeId(accountId: string, objectType: string): Promise<string> {
    if (OBJECT_TYPE_ID.test(objectType)) return objectType;
    return this.catalogues.resolveObjectType(await this.catalogues.read(accountId), objectType);
  }
}
