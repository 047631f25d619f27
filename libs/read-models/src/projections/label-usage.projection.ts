import type { LinksEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import type { ReadModelOp } from '../read-model.port';

/**
 * Per account, how many associations carry each association typeId: the usage source of the delete guard
 * (DESIGN.md §6). Association events add to and subtract from it, +1 per typeId added and −1 per typeId removed.
 * Every association change writes both records' links streams; only one side's events count — the side whose
 * `objectTypeId:recordId` sorts first — so each association counts once, through the typeId of that side's direction
 * (the delete guard sums a label's typeId and its inverse). A deleted label's counters are dropped so that its
 * typeIds start from nothing should anything ever refer to them again.
 */
export const labelUsageProjection: Projection = {
  name: 'label-usage',
  eventTypes: ['LabelDeleted', 'AssociationLabeled', 'AssociationUnlabeled', 'AssociationRemoved'],
  evolve(event: RecordedEvent): ReadModelOp[] {
    const key = labelUsageKey(event.metadata.accountId);
    switch (event.type) {
      case 'AssociationLabeled':
      case 'AssociationUnlabeled':
      case 'AssociationRemoved': {
        const { data } = event as unknown as LinksEvent;
        if (!countedSide(data)) return [];
        const by = event.type === 'AssociationLabeled' ? 1 : -1;
        return data.typeIds.map((typeId) => ({ op: 'hincrby', key, field: `${typeId}`, by }));
      }
      case 'LabelDeleted':
        return (event.data as { typeIds: number[] }).typeIds.map((typeId) => ({ op: 'hdel', key, field: `${typeId}` }));
      default:
        return [];
    }
  },
};

/** The side of an association whose events count: the record whose `objectTypeId:recordId` sorts first. */
function countedSide(data: LinksEvent['data']): boolean {
  return `${data.objectTypeId}:${data.recordId}` < `${data.toObjectTypeId}:${data.toRecordId}`;
}

export function labelUsageKey(accountId: string): string {
  return `usage:${accountId}`;
}

/** Associations carrying any of `typeIds`, from the projection's hash. */
export function associationsUsing(hash: Record<string, string>, typeIds: readonly number[]): number {
  return typeIds.reduce((total, typeId) => total + Number(hash[`${typeId}`] ?? 0), 0);
}
