import { eventObjectTypeIds, isPublicEventType } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

/** What a feed consumer narrows the account's public events to; both criteria must hold when given. */
export interface FeedFilter {
  /** Any of these public event types. */
  types?: ReadonlySet<string>;
  /** Events that concern any of these object types (a record's, its counterpart's, a label's pair, a custom object). */
  objectTypeIds?: ReadonlySet<string>;
}

/** Public events only (internal bookkeeping never leaves the service), narrowed by the filter. */
export function matchesFeed(event: RecordedEvent, filter: FeedFilter): boolean {
  if (!isPublicEventType(event.type)) return false;
  if (filter.types !== undefined && !filter.types.has(event.type)) return false;
  if (filter.objectTypeIds !== undefined) {
    const ids = filter.objectTypeIds;
    if (!eventObjectTypeIds(event.data).some((id) => ids.has(id))) return false;
  }
  return true;
}
