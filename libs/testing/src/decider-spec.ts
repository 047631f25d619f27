import type { Command, Decider, DomainEvent } from '@app/domain';

/**
 * Given/when/then for deciders (STYLE.md §8):
 * `DeciderSpec.for(decider).given(events).when(command).then(expectedEvents)` or `.thenThrows(code)`.
 */
export class DeciderSpec<C extends Command, E extends DomainEvent, S> {
  private constructor(
    private readonly decider: Decider<C, E, S>,
    private readonly history: readonly E[] = [],
  ) {}

  static for<C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>): DeciderSpec<C, E, S> {
    return new DeciderSpec(decider);
  }

  given(events: readonly E[]): DeciderSpec<C, E, S> {
    return new DeciderSpec(this.decider, [...this.history, ...events]);
  }

  when(command: C): { then(expected: readonly E[]): void; thenThrows(code: string): void; events(): E[] } {
    const state = this.history.reduce(this.decider.evolve, this.decider.initialState());
    const run = (): E[] => this.decider.decide(command, state);
    return {
      events: run,
      then: (expected) => expect(run()).toEqual(expected),
      thenThrows: (code) => expect(run).toThrow(expect.objectContaining({ code }) as unknown as Error),
    };
  }
}
