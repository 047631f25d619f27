import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AuthModule } from './auth/auth.module';
import { AppConfig, AppConfigModule } from '@app/config';
import { DiagnosticsModule } from './diagnostics/diagnostics.module';
import { HealthModule } from './health/health.module';
import { EventStoreModule } from './infrastructure/event-store.module';
import { loggerModuleParams } from './logging/app-logger';

export interface AppModuleOptions {
  logger: Logger;
  /** Replaces the configured event store adapter. */
  eventStore?: EventStore;
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
        EventStoreModule.forRoot({ store: options.eventStore }),
        AuthModule,
        HealthModule,
        DiagnosticsModule,
        ...(options.imports ?? []),
      ],
    };
  }
}
