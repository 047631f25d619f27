export * from './generations';
export * from './rebuild';
export * from './projection-status';
