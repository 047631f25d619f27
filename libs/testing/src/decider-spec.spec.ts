import { assertNever, DomainError } from '@app/domain';
import type { Command, Decider, DomainEvent } from '@app/domain';
import { DeciderSpec } from './decider-spec';

type Open = Command<'Open', { limit: number }>;
type Add = Command<'Add', { n: number }>;
type Opened = DomainEvent<'Opened', { limit: number }>;
type Added = DomainEvent<'Added', { n: number }>;
type State = { status: 'closed' } | { status: 'open'; total: number; limit: number };

const meta = {
  accountId: '1',
  actor: 'u',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  now: '2026-01-01T00:00:00.000Z',
};

/** A tiny decider to prove the helper: a capped counter. */
const counter: Decider<Open | Add, Opened | Added, State> = {
  initialState: () => ({ status: 'closed' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'Opened':
        return { status: 'open', total: 0, limit: event.data.limit };
      case 'Added':
        return state.status === 'open' ? { ...state, total: state.total + event.data.n } : state;
      default:
        return assertNever(event, 'event');
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'Open':
        if (state.status === 'open') throw new DomainError('ALREADY_OPEN', 'already open');
        return [{ type: 'Opened', data: { limit: command.data.limit } }];
      case 'Add':
        if (state.status !== 'open') throw new DomainError('NOT_OPEN', 'not open');
        if (state.total + command.data.n > state.limit) throw new DomainError('LIMIT_EXCEEDED', 'over the limit');
        return [{ type: 'Added', data: { n: command.data.n } }];
      default:
        return assertNever(command, 'command');
    }
  },
};

describe('DeciderSpec', () => {
  const spec = DeciderSpec.for(counter);

  describe('when the counter is closed', () => {
    it('opens', () =>
      spec.when({ type: 'Open', data: { limit: 3 }, metadata: meta }).then([{ type: 'Opened', data: { limit: 3 } }]));
    it('refuses an add', () => spec.when({ type: 'Add', data: { n: 1 }, metadata: meta }).thenThrows('NOT_OPEN'));
  });

  describe('when the counter is open and near its limit', () => {
    const near = spec.given([
      { type: 'Opened', data: { limit: 3 } },
      { type: 'Added', data: { n: 2 } },
    ]);
    it('accepts an add up to the limit', () =>
      near.when({ type: 'Add', data: { n: 1 }, metadata: meta }).then([{ type: 'Added', data: { n: 1 } }]));
    it('refuses an add over the limit', () =>
      near.when({ type: 'Add', data: { n: 2 }, metadata: meta }).thenThrows('LIMIT_EXCEEDED'));
    it('a then() that does not match fails', () => {
      expect(() => near.when({ type: 'Add', data: { n: 1 }, metadata: meta }).then([])).toThrow();
    });
  });
});
