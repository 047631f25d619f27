import { DeciderSpec } from '@app/testing';
import { fold } from '../shared/decider';
import {
  isPairLimitEvent,
  pairLimitOf,
  pairLimitsDecider,
  type LabelLimitInDirection,
  type PairDirection,
  type PairLimitChanged,
  type PairLimitCommand,
  type PurgePairLimit,
  type SetPairLimit,
} from './pair-limits.decider';

const metadata = {
  accountId: 'acc-1',
  actor: 'admin-1',
  commandId: 'cmd-1',
  correlationId: 'cor-1',
  causationId: 'cau-1',
  now: '2025-03-04T05:06:07.000Z',
};
const by = { changedBy: 'admin-1', changedAt: '2025-03-04T05:06:07.000Z' };

// HubSpot's fixed unlabeled typeIds (hubspot-v4-api.md §4).
const contactToDeal: PairDirection = { fromObjectTypeId: '0-1', toObjectTypeId: '0-3', typeId: 4 };
const dealToContact: PairDirection = { fromObjectTypeId: '0-3', toObjectTypeId: '0-1', typeId: 3 };
const contactToContact: PairDirection = { fromObjectTypeId: '0-1', toObjectTypeId: '0-1', typeId: 449 };

const setLimit = (
  direction: PairDirection,
  limit: number,
  labelLimits: LabelLimitInDirection[] = [],
): SetPairLimit => ({ type: 'SetPairLimit', data: { ...direction, limit, labelLimits }, metadata });
const purge = (direction: PairDirection): PurgePairLimit => ({ type: 'PurgePairLimit', data: direction, metadata });
const changed = (direction: PairDirection, before: number | 'many', after: number | 'many'): PairLimitChanged => ({
  type: 'PairLimitChanged',
  data: { ...direction, before, after, ...by },
});
const spec = DeciderSpec.for(pairLimitsDecider);
/** The refusal's text, for the quoted range. */
const message = (command: PairLimitCommand, history: PairLimitChanged[] = []): string => {
  try {
    spec.given(history).when(command).events();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the command to be refused');
};

const manager: LabelLimitInDirection = { typeId: 1000, name: 'manager', limit: 10 };
const colleague: LabelLimitInDirection = { typeId: 1002, name: 'colleague', limit: 3 };
const unlimited: LabelLimitInDirection = { typeId: 1004, name: 'friend', limit: 'many' };

describe('pair limits decider', () => {
  it('recognises only its own events on the shared schema stream', () => {
    expect(isPairLimitEvent(changed(contactToDeal, 'many', 5))).toBe(true);
    expect(isPairLimitEvent({ type: 'LabelRegistered', data: {} })).toBe(false);
    expect(isPairLimitEvent({ type: 'ObjectTypeActivated', data: {} })).toBe(false);
  });

  describe('when no pair limit is configured', () => {
    it('reads every direction as "many"', () => expect(pairLimitOf(pairLimitsDecider.initialState(), 4)).toBe('many'));

    it('sets a limit, by and at from metadata', () =>
      spec.when(setLimit(contactToDeal, 25)).then([changed(contactToDeal, 'many', 25)]));

    it.each([1, 10_000])('accepts the bound %d', (limit) =>
      spec.when(setLimit(contactToDeal, limit)).then([changed(contactToDeal, 'many', limit)]),
    );

    it.each([0, -1, 10_001, 2.5, Number.NaN])('refuses %d, quoting the valid range', (limit) => {
      spec.when(setLimit(contactToDeal, limit)).thenThrows('INVALID_ASSOCIATION_LIMIT');
      expect(message(setLimit(contactToDeal, limit))).toContain('must be between 1 and 10000');
    });

    it('treats purging as done', () => spec.when(purge(contactToDeal)).then([]));

    it('refuses a typeId that is not the unlabeled type of the direction', () => {
      spec.when(setLimit({ ...contactToDeal, typeId: 3 }, 5)).thenThrows('TYPE_NOT_UNLABELED');
      spec.when(purge({ ...contactToDeal, typeId: 1000 })).thenThrows('TYPE_NOT_UNLABELED');
    });
  });

  describe('when labels of the direction have limits', () => {
    const labels = [colleague, manager, unlimited];

    it('accepts a limit equal to the highest label limit', () =>
      spec.when(setLimit(contactToDeal, 10, labels)).then([changed(contactToDeal, 'many', 10)]));

    it('accepts a limit above every label limit', () =>
      spec.when(setLimit(contactToDeal, 11, labels)).then([changed(contactToDeal, 'many', 11)]));

    it('ignores labels whose limit is "many"', () =>
      spec.when(setLimit(contactToDeal, 1, [unlimited])).then([changed(contactToDeal, 'many', 1)]));

    it('refuses a limit below a label limit, naming the label, its limit and the valid range', () => {
      spec.when(setLimit(contactToDeal, 9, labels)).thenThrows('PAIR_LIMIT_BELOW_LABEL_LIMIT');
      const text = message(setLimit(contactToDeal, 9, labels));
      expect(text).toContain('"manager"');
      expect(text).toContain('limit 10');
      expect(text).toContain('must be ≥ 10');
      expect(text).toContain('between 10 and 10000');
    });

    it('carries the range and the binding label in the context', () =>
      expect(() => spec.when(setLimit(contactToDeal, 5, labels)).events()).toThrow(
        expect.objectContaining({
          context: { typeId: 4, limit: 5, min: 10, max: 10_000, labelTypeId: 1000 },
        }) as unknown as Error,
      ));

    it('still refuses an out-of-range limit as invalid', () =>
      spec.when(setLimit(contactToDeal, 0, labels)).thenThrows('INVALID_ASSOCIATION_LIMIT'));
  });

  describe('when a direction has a limit', () => {
    const limited = spec.given([changed(contactToDeal, 'many', 10)]);

    it('reads it, and "many" for the other direction', () => {
      const state = fold(pairLimitsDecider, [changed(contactToDeal, 'many', 10)]);
      expect(pairLimitOf(state, 4)).toBe(10);
      expect(pairLimitOf(state, 3)).toBe('many');
      expect(state.limits).toEqual({ 4: { fromObjectTypeId: '0-1', toObjectTypeId: '0-3', limit: 10 } });
    });

    it('treats setting the same value as done', () => limited.when(setLimit(contactToDeal, 10)).then([]));

    it('changes it, with the value before', () =>
      limited.when(setLimit(contactToDeal, 20)).then([changed(contactToDeal, 10, 20)]));

    it('lowers it as far as the highest label limit', () =>
      limited.when(setLimit(contactToDeal, 3, [colleague])).then([changed(contactToDeal, 10, 3)]));

    it('refuses lowering it below a label limit (hubspot-v4-api.md §8 scenario 20)', () =>
      limited.when(setLimit(contactToDeal, 9, [manager])).thenThrows('PAIR_LIMIT_BELOW_LABEL_LIMIT'));

    it('purges it back to "many", whatever the labels', () =>
      limited.when(purge(contactToDeal)).then([changed(contactToDeal, 10, 'many')]));

    it('keeps the other direction independent', () =>
      limited.when(setLimit(dealToContact, 2)).then([changed(dealToContact, 'many', 2)]));

    it('forgets a purged limit', () => {
      const state = fold(pairLimitsDecider, [changed(contactToDeal, 'many', 10), changed(contactToDeal, 10, 'many')]);
      expect(state.limits).toEqual({});
      expect(pairLimitOf(state, 4)).toBe('many');
      spec
        .given([changed(contactToDeal, 'many', 10), changed(contactToDeal, 10, 'many')])
        .when(purge(contactToDeal))
        .then([]);
    });
  });

  describe('when the pair is same-object', () => {
    it('keeps one limit for both ways, under its one unlabeled typeId', () => {
      spec.when(setLimit(contactToContact, 7)).then([changed(contactToContact, 'many', 7)]);
      const state = fold(pairLimitsDecider, [changed(contactToContact, 'many', 7)]);
      expect(pairLimitOf(state, 449)).toBe(7);
      expect(Object.keys(state.limits)).toEqual(['449']);
    });

    it('applies the label floor and the purge to that one limit', () => {
      const limited = spec.given([changed(contactToContact, 'many', 7)]);
      limited
        .when(setLimit(contactToContact, 4, [{ typeId: 1006, name: 'friend', limit: 5 }]))
        .thenThrows('PAIR_LIMIT_BELOW_LABEL_LIMIT');
      limited.when(purge(contactToContact)).then([changed(contactToContact, 7, 'many')]);
    });
  });
});
