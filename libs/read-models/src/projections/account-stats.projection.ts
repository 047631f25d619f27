import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import type { ReadModelOp } from '../read-model.port';

/** Per account: how many events it has, of which types, and where its last one is. Serves `GET /api/v1/stats`. */
export const accountStatsProjection: Projection = {
  name: 'account-stats',
  eventTypes: 'all',
  evolve(event: RecordedEvent): ReadModelOp[] {
    const key = accountStatsKey(event.metadata.accountId);
    return [
      { op: 'hincrby', key, field: 'events', by: 1 },
      { op: 'hincrby', key, field: `type:${event.type}`, by: 1 },
      { op: 'hset', key, field: 'lastPosition', value: event.position.toString() },
      { op: 'hset', key, field: 'lastEventAt', value: event.recordedAt },
    ];
  },
};

export function accountStatsKey(accountId: string): string {
  return `account:${accountId}`;
}

export interface AccountStats {
  accountId: string;
  events: number;
  lastPosition: string | null;
  lastEventAt: string | null;
  byType: Record<string, number>;
}

/** The read side of the projection: its hash as the API shows it. */
export function toAccountStats(accountId: string, hash: Record<string, string>): AccountStats {
  const byType: Record<string, number> = {};
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith('type:')) byType[field.slice(5)] = Number(value);
  }
  return {
    accountId,
    events: Number(hash.events ?? 0),
    lastPosition: hash.lastPosition ?? null,
    lastEventAt: hash.lastEventAt ?? null,
    byType,
  };
}
