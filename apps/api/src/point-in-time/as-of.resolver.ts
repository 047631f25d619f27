import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import {
  READ_MODEL_STORE,
  pointInTimeProjection,
  positionAtTime,
  type Namespace,
  type ReadModelStore,
} from '@app/read-models';
import { CheckpointWaiter } from '../consistency/checkpoint-waiter';
import type { AsOf } from './as-of';

/** Turns an `asOf` into the position to read at, and the point-in-time projection's namespace to read it from. */
@Injectable()
export class AsOfResolver {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly waiter: CheckpointWaiter,
    private readonly config: AppConfig,
  ) {}

  async namespace(): Promise<Namespace> {
    const projection = pointInTimeProjection.name;
    return { projection, generation: await this.readModels.activeGeneration(projection) };
  }

  /**
   * A position is read once the projection has passed it (bounded wait, as read-your-writes; a position beyond the
   * log's head waits only for the head). A time resolves to the last position the projection recorded at or
   * before it; 0, before anything, when there is none.
   */
  async resolve(accountId: string, asOf: AsOf, ns: Namespace): Promise<bigint> {
    if ('time' in asOf) return positionAtTime(this.readModels, ns, accountId, asOf.time);
    const head = await this.events.headPosition();
    const target = asOf.position < head ? asOf.position : head;
    await this.waiter.waitFor([ns.projection], target, this.config.READ_YOUR_WRITES_TIMEOUT_MS);
    return asOf.position;
  }
}
