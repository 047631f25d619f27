export * from './data-key-store.port';
export * from './memory.data-key-store';
export * from './sqlite.data-key-store';
export * from './postgres.data-key-store';
