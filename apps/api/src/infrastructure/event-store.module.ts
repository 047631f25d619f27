import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, createEventStore, type EventStore } from '@app/event-store';
import { AppConfig } from '@app/config';

/** Provides the configured event store under `EVENT_STORE` to every module and closes it on shutdown. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** `store` replaces the configured adapter (tests, embedding); it is still closed on shutdown. */
  static forRoot(options: { store?: EventStore } = {}): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [AppConfig],
          useFactory: (config: AppConfig): Promise<EventStore> =>
            options.store ? Promise.resolve(options.store) : createEventStore(config.eventStoreConfig()),
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
