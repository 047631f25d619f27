export * from './import.types';
export * from './import.decider';
export * from './import-labels';
export * from './import-row';
