import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AssociationsModule } from './associations/associations.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig, AppConfigModule } from '@app/config';
import { ConsistencyModule } from './consistency/consistency.module';
import { DiagnosticsModule } from './diagnostics/diagnostics.module';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { ImportsModule } from './imports/imports.module';
import { ExportsModule } from './exports/exports.module';
import { SchemaTransferModule } from './schema-transfer/schema-transfer.module';
import { EventStoreModule } from './infrastructure/event-store.module';
import { EventsModule } from './events/events.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { loggerModuleParams } from './logging/app-logger';
import { MetricsModule } from './metrics/metrics.module';
import { ReadModelsModule, type ReadModelsModuleOptions } from './read-models/read-models.module';
import { LabelsModule } from './labels/labels.module';
import { LimitsModule } from './limits/limits.module';
import { ObjectTypesModule } from './object-types/object-types.module';
import { PointInTimeModule } from './point-in-time/point-in-time.module';
import { RecordsModule } from './records/records.module';
import { SchemaModule } from './schema/schema.module';
import { StatsModule } from './stats/stats.module';

export interface AppModuleOptions {
  logger: Logger;
  /** The app instance's Prometheus registry. */
  metrics: Registry;
  /** Replaces the configured event store adapter. */
  eventStore?: EventStore;
  /** Replaces the read-model store, the projections or the runner's tuning (tests). */
  readModels?: Omit<ReadModelsModuleOptions, 'logger'>;
  /** Resume interrupted import uploads at start-up (default true; CLI processes that embed the app say false). */
  resumeImports?: boolean;
  /** Extra modules (tests mount probe controllers this way). */
  imports?: ModuleMetadata['imports'];
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerModuleParams(options.logger)),
        MetricsModule.forRoot(options.metrics),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot({ store: options.eventStore }),
        ReadModelsModule.forRoot({ ...options.readModels, logger: options.logger }),
        ConsistencyModule,
        AuthModule,
        HealthModule,
        DiagnosticsModule,
        StatsModule,
        SchemaModule,
        LabelsModule,
        LimitsModule,
        HistoryModule,
        AuditModule,
        ObjectTypesModule,
        RecordsModule,
        AssociationsModule,
        PointInTimeModule,
        EventsModule,
        WebhooksModule,
        ImportsModule.forRoot({ resume: options.resumeImports ?? true }),
        ExportsModule,
        SchemaTransferModule,
        ...(options.imports ?? []),
      ],
    };
  }
}
