import type { RecordView } from '@app/read-models';
import type { SimplePublicObjectDto } from './record.response.dto';

/** Properties every answer carries, maintained by the store. */
const SYSTEM_PROPERTIES = ['hs_object_id', 'createdate', 'lastmodifieddate'] as const;

/** What HubSpot answers on a read that names no `properties`, per built-in type (custom objects: none). */
const DEFAULT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  '0-1': ['email', 'firstname', 'lastname'],
  '0-2': ['domain', 'name'],
  '0-3': ['amount', 'closedate', 'dealname', 'dealstage', 'pipeline'],
  '0-5': ['content', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_category', 'hs_ticket_priority', 'subject'],
};

/**
 * Which properties an answer shows: every stored one (answers to writes), or the requested ones (null when unset),
 * else the type's defaults; the system properties in any case.
 */
export type PropertySelection = { kind: 'all' } | { kind: 'requested'; names: readonly string[] };

export function toSimplePublicObject(
  record: RecordView,
  objectTypeId: string,
  selection: PropertySelection,
): SimplePublicObjectDto {
  const system: Record<string, string> = {
    hs_object_id: record.id,
    createdate: record.createdAt,
    lastmodifieddate: record.updatedAt,
  };
  const properties: Record<string, string | null> = {};
  if (selection.kind === 'all') {
    Object.assign(properties, record.properties);
  } else {
    const names = selection.names.length > 0 ? selection.names : (DEFAULT_PROPERTIES[objectTypeId] ?? []);
    for (const name of names)
      properties[name] = Object.hasOwn(record.properties, name) ? record.properties[name]! : null;
  }
  for (const name of SYSTEM_PROPERTIES) properties[name] = system[name]!;
  const dto: SimplePublicObjectDto = {
    id: record.id,
    properties,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: record.archived,
  };
  if (record.archivedAt !== undefined) dto.archivedAt = record.archivedAt;
  return dto;
}
