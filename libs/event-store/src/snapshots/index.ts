export * from './snapshot-store.port';
export * from './memory.snapshot-store';
export * from './sqlite.snapshot-store';
export * from './postgres.snapshot-store';
