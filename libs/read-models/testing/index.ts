export * from './read-model-store.conformance';
