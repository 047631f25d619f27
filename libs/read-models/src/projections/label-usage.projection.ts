import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import type { ReadModelOp } from '../read-model.port';

/**
 * Per account, how many associations carry each association typeId: the usage source of the delete guard
 * (DESIGN.md §6). Association events add to and subtract from it (the associations issue); a deleted label's
 * counters are dropped so that its typeIds start from nothing should anything ever refer to them again.
 */
export const labelUsageProjection: Projection = {
  name: 'label-usage',
  eventTypes: ['LabelDeleted'],
  evolve(event: RecordedEvent): ReadModelOp[] {
    const key = labelUsageKey(event.metadata.accountId);
    switch (event.type) {
      case 'LabelDeleted':
        return (event.data as { typeIds: number[] }).typeIds.map((typeId) => ({ op: 'hdel', key, field: `${typeId}` }));
      default:
        return [];
    }
  },
};

export function labelUsageKey(accountId: string): string {
  return `usage:${accountId}`;
}

/** Associations carrying any of `typeIds`, from the projection's hash. */
export function associationsUsing(hash: Record<string, string>, typeIds: readonly number[]): number {
  return typeIds.reduce((total, typeId) => total + Number(hash[`${typeId}`] ?? 0), 0);
}
