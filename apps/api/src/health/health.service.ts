import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { READ_MODEL_STORE, type ReadModelStore } from '@app/read-models';
import { checkHealth, type ProjectionMonitor } from '@app/runtime';
import { PROJECTION_MONITOR } from '../read-models/read-models.module';
import type { HealthResponseDto } from './health.response.dto';

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(PROJECTION_MONITOR) private readonly projections: ProjectionMonitor,
  ) {}

  /** Probes both stores (2 s each at most) and reports the projections; details of failures go to the log only. */
  async check(): Promise<HealthResponseDto> {
    const { report, problems } = await checkHealth({
      eventStore: this.eventStore,
      readModels: this.readModels,
      projections: this.projections,
    });
    for (const problem of problems) this.logger.warn(problem);
    return report;
  }
}
