export * from './event-store.port';
export * from './event-store.errors';
export * from './stream-name';
export * from './append-validation';
export * from './subscription';
export * from './read-stream';
export * from './adapters/memory.event-store';
export * from './event-store.factory';
