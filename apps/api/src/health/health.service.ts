import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type StoreHealth } from '@app/event-store';
import type { HealthResponseDto } from './health.response.dto';

const PROBE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Probes the event store; a probe that fails or takes longer than 2 s counts as unreachable. */
  async check(): Promise<HealthResponseDto> {
    const probe = await this.probeStore();
    if (!probe.reachable)
      this.logger.warn(`Event store '${probe.store}' is unreachable: ${probe.detail ?? 'no detail'}`);
    return {
      status: probe.reachable ? 'ok' : 'error',
      eventStore: { store: probe.store, reachable: probe.reachable },
    };
  }

  private async probeStore(): Promise<StoreHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<StoreHealth>((resolve) => {
      timer = setTimeout(
        () => resolve({ store: this.store.name, reachable: false, detail: `no answer within ${PROBE_TIMEOUT_MS} ms` }),
        PROBE_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([this.store.health(), timeout]);
    } catch (error) {
      return {
        store: this.store.name,
        reachable: false,
        detail: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
