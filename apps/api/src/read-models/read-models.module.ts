import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { Registry } from 'prom-client';
import { AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import {
  READ_MODEL_STORE,
  createReadModelStore,
  type Projection,
  type ProjectionRunnerOptions,
  type ReadModelStore,
} from '@app/read-models';
import { PROJECTIONS } from '@app/read-models/projections';
import {
  ArchiveCascade,
  ProjectionHost,
  ProjectionMetrics,
  ProjectionTracker,
  type ProjectionMonitor,
} from '@app/runtime';
import { WRITE_BACKPRESSURE, WriteBackpressure } from '../commands/write-backpressure';
import { CheckpointWaiter } from '../consistency/checkpoint-waiter';

/** What `/health` reads the projections' states from: the in-process host, or a tracker of the stored checkpoints. */
export const PROJECTION_MONITOR = Symbol('PROJECTION_MONITOR');
/** The process managers this process runs: with the projections inline (embedded mode), else none. */
export const PROCESS_MANAGERS = Symbol('PROCESS_MANAGERS');

export interface ReadModelsModuleOptions {
  logger: PinoLogger;
  /** Replaces the configured read-model store (tests); it is still closed on shutdown. */
  store?: ReadModelStore;
  /** The projections to run and report; default the registry (`PROJECTIONS`). */
  projections?: readonly Projection[];
  /** Runner tuning (tests shorten retries and poison attempts). */
  runner?: Partial<Omit<ProjectionRunnerOptions, 'owner' | 'observer' | 'logger'>>;
}

/**
 * The read side's infrastructure for every module: the read-model store (`READ_MODEL_STORE`), the read-your-writes
 * `CheckpointWaiter`, and the projections. With PROJECTIONS=inline (embedded mode) this process runs them, from
 * bootstrap until shutdown; with `off` apps/projector does and this process only watches their checkpoints.
 */
@Global()
@Module({})
export class ReadModelsModule implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(ReadModelsModule.name);

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(PROJECTION_MONITOR) private readonly monitor: ProjectionMonitor,
    @Inject(PROCESS_MANAGERS) private readonly processManagers: ArchiveCascade[],
    private readonly config: AppConfig,
  ) {}

  static forRoot(options: ReadModelsModuleOptions): DynamicModule {
    const projections = options.projections ?? PROJECTIONS;
    return {
      module: ReadModelsModule,
      providers: [
        {
          provide: READ_MODEL_STORE,
          inject: [AppConfig],
          useFactory: (config: AppConfig): ReadModelStore =>
            options.store ?? createReadModelStore(config.readModelStoreConfig()),
        },
        CheckpointWaiter,
        {
          provide: PROJECTION_MONITOR,
          inject: [AppConfig, EVENT_STORE, READ_MODEL_STORE, Registry, CheckpointWaiter],
          useFactory: (
            config: AppConfig,
            eventStore: EventStore,
            readModels: ReadModelStore,
            registry: Registry,
            waiter: CheckpointWaiter,
          ): ProjectionMonitor => {
            const metrics = new ProjectionMetrics(registry);
            const logger = options.logger.child({ component: 'projections' });
            if (config.PROJECTIONS === 'off') {
              return new ProjectionTracker({ eventStore, readModels, projections, metrics, logger });
            }
            return new ProjectionHost(eventStore, readModels, projections, {
              ...options.runner,
              logger,
              metrics,
              observers: [{ batchApplied: () => waiter.notify() }],
            });
          },
        },
        {
          provide: WRITE_BACKPRESSURE,
          inject: [AppConfig, PROJECTION_MONITOR],
          useFactory: (config: AppConfig, monitor: ProjectionMonitor): WriteBackpressure | null =>
            // Positions count events only in the embedded stores; elsewhere the projector runs apart anyway.
            config.PROJECTIONS === 'inline' &&
            (config.EVENT_STORE === 'sqlite' || config.EVENT_STORE === 'memory') &&
            config.PROJECTIONS_MAX_LAG > 0 &&
            monitor instanceof ProjectionHost
              ? new WriteBackpressure(monitor.runner, config.PROJECTIONS_MAX_LAG)
              : null,
        },
        {
          provide: PROCESS_MANAGERS,
          inject: [AppConfig, EVENT_STORE, READ_MODEL_STORE],
          useFactory: (config: AppConfig, eventStore: EventStore, readModels: ReadModelStore): ArchiveCascade[] =>
            config.PROJECTIONS === 'inline'
              ? [
                  new ArchiveCascade(eventStore, readModels, {
                    logger: options.logger.child({ component: 'archive-cascade' }),
                  }),
                ]
              : [],
        },
      ],
      exports: [READ_MODEL_STORE, CheckpointWaiter, PROJECTION_MONITOR, WRITE_BACKPRESSURE],
    };
  }

  onApplicationBootstrap(): void {
    this.monitor.start();
    for (const manager of this.processManagers) manager.start();
    const where = this.config.PROJECTIONS === 'inline' ? 'in this process' : 'in apps/projector';
    this.logger.log(`Projections run ${where}; read models in '${this.store.kind}'`);
  }

  /** The runner stops (and releases its leases) before any store closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.processManagers.map((manager) => manager.stop()));
    await this.monitor.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.log(`Closed the read-model store '${this.store.kind}'`);
  }
}
