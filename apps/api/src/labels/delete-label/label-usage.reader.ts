import { Inject, Injectable } from '@nestjs/common';
import type { LabelUsage } from '@app/domain';
import {
  READ_MODEL_STORE,
  associationsUsing,
  labelUsageKey,
  labelUsageProjection,
  type ReadModelStore,
} from '@app/read-models';
import { AppConfig } from '@app/config';
import { CheckpointWaiter } from '../../consistency/checkpoint-waiter';

/**
 * Where a label is used, once the usage projection has passed a position (the delete guard's second phase,
 * DESIGN.md §6). Saved lists, workflows and reports arrive with the tools that save them; until then none exist.
 */
@Injectable()
export class LabelUsageReader {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly waiter: CheckpointWaiter,
    private readonly config: AppConfig,
  ) {}

  /** Undefined when the projection did not pass `position` within READ_YOUR_WRITES_TIMEOUT_MS. */
  async usageAfter(accountId: string, typeIds: readonly number[], position: bigint): Promise<LabelUsage | undefined> {
    const projection = labelUsageProjection.name;
    if (!(await this.waiter.waitFor([projection], position, this.config.READ_YOUR_WRITES_TIMEOUT_MS))) return undefined;
    const generation = await this.readModels.activeGeneration(projection);
    const hash = await this.readModels.hgetall({ projection, generation }, labelUsageKey(accountId));
    return { associations: associationsUsing(hash, typeIds), lists: [], workflows: [], reports: [] };
  }
}
