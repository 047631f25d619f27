import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '../src';

export function metadata(accountId: string, extra: Partial<EventMetadata> = {}): EventMetadata {
  return {
    accountId,
    actor: 'user-1',
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
    ...extra,
  };
}

export function anEvent(accountId: string, type = 'ThingHappened', data: unknown = { n: 1 }): NewEvent {
  return { id: randomUUID(), type, data, metadata: metadata(accountId) };
}

export function events(accountId: string, count: number, type = 'ThingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => anEvent(accountId, type, { n }));
}
