import { describeReadModelStoreConformance } from '../../testing';
import { MemoryReadModelStore } from './memory.read-model-store';

describeReadModelStoreConformance('memory', { create: async () => new MemoryReadModelStore() });
