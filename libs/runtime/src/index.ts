export * from './metrics/metrics-registry';
export * from './metrics/instrumented-event-store';
export * from './projections/projection-health';
export * from './projections/projection-host';
export * from './projections/projection-metrics';
export * from './health/health-report';
export * from './process/json-logger';
export * from './process/load-config-or-exit';
