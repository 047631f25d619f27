import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Registry } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { AppConfig } from '@app/config';
import { InstrumentedEventStore, openEventStore, sealPersonalData } from '@app/runtime';

/**
 * Provides the configured event store under `EVENT_STORE` to every module — record personal data sealed under
 * per-record keys (ADR 0007), appends timed into the app's metrics — and closes it on shutdown.
 */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** `store` replaces the configured adapter (tests, embedding); it is sealed too, and still closed on shutdown. */
  static forRoot(options: { store?: EventStore } = {}): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [AppConfig, Registry],
          useFactory: async (config: AppConfig, metrics: Registry): Promise<EventStore> =>
            new InstrumentedEventStore(
              options.store ? sealPersonalData(options.store) : await openEventStore(config.eventStoreConfig()),
              metrics,
            ),
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    new Logger(EventStoreModule.name).log(`Closed the event store '${this.store.name}'`);
  }
}
