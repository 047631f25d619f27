import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './app.config';

/** Provides the `AppConfig` validated at boot to every module. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
