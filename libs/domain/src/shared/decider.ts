/**
 * The shape of every aggregate in the domain (STYLE.md §1): pure functions over discriminated unions.
 * No I/O, no clock, no randomness: time and ids arrive in the command's metadata.
 */
export interface Message<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** What the application layer hands the domain with every command. */
export interface CommandMetadata {
  readonly accountId: string;
  readonly actor: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** ISO-8601 time the command was accepted. */
  readonly now: string;
}

export interface Command<TType extends string = string, TData = unknown> extends Message<TType, TData> {
  readonly metadata: CommandMetadata;
}

export type DomainEvent<TType extends string = string, TData = unknown> = Message<TType, TData>;

export interface Decider<TCommand extends Command, TEvent extends DomainEvent, TState> {
  decide(command: TCommand, state: TState): TEvent[];
  evolve(state: TState, event: TEvent): TState;
  initialState(): TState;
}

/** Folds events into state with a decider's `evolve`. */
export function fold<TEvent extends DomainEvent, TState>(
  decider: Pick<Decider<Command, TEvent, TState>, 'evolve' | 'initialState'>,
  events: readonly TEvent[],
): TState {
  return events.reduce(decider.evolve, decider.initialState());
}

/** Ends every `switch` over a union: a new case that is not handled fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
