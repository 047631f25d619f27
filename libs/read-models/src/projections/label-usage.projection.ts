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
 *
 * The same events also feed the label's usage over time (issue 6 item 1): per typeId a hash of day → uses added
 * (`+YYYY-MM-DD`) and removed (`-YYYY-MM-DD`) that day, by the command's time. A reader sums the days in order
 * (`usageTimeline`): a label's whole life is a few hundred fields at most, whatever its number of uses. Those days
 * are kept when the label is deleted — they are its history.
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
        const day = `${by > 0 ? '+' : '-'}${data.changedAt.slice(0, 10)}`;
        return data.typeIds.flatMap((typeId): ReadModelOp[] => [
          { op: 'hincrby', key, field: `${typeId}`, by },
          { op: 'hincrby', key: labelUsageDaysKey(event.metadata.accountId, typeId), field: day, by: 1 },
        ]);
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

export function labelUsageDaysKey(accountId: string, typeId: number): string {
  return `usageDays:${accountId}:${typeId}`;
}

export interface UsageDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  added: number;
  removed: number;
  /** Associations carrying the label at the end of the day. */
  total: number;
}

/**
 * A label's uses per day from the day hashes of its typeIds (`labelUsageDaysKey`), oldest first, each with the
 * running total; days without a change are left out. `from`/`to` (inclusive dates) select days after the totals
 * are summed from the start, so a total is always the real one.
 */
export function usageTimeline(hashes: readonly Record<string, string>[], from?: string, to?: string): UsageDay[] {
  const days = new Map<string, { added: number; removed: number }>();
  for (const hash of hashes) {
    for (const [field, value] of Object.entries(hash)) {
      const date = field.slice(1);
      const day = days.get(date) ?? { added: 0, removed: 0 };
      if (field.startsWith('+')) day.added += Number(value);
      else day.removed += Number(value);
      days.set(date, day);
    }
  }
  let total = 0;
  const timeline: UsageDay[] = [];
  for (const date of [...days.keys()].sort()) {
    const { added, removed } = days.get(date)!;
    total += added - removed;
    if ((from === undefined || date >= from) && (to === undefined || date <= to)) {
      timeline.push({ date, added, removed, total });
    }
  }
  return timeline;
}

/** Associations carrying any of `typeIds`, from the projection's hash. */
export function associationsUsing(hash: Record<string, string>, typeIds: readonly number[]): number {
  return typeIds.reduce((total, typeId) => total + Number(hash[`${typeId}`] ?? 0), 0);
}
