import { describeEventStoreConformance } from '../../testing';
import { DEFAULT_MAX_EVENT_BYTES } from '../append-validation';
import { MemoryEventStore } from './memory.event-store';

describeEventStoreConformance('memory', {
  create: async () => new MemoryEventStore(),
  maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
});
