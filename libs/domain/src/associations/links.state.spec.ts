import fc from 'fast-check';
import { fold } from '../shared/decider';
import type { LinksEvent } from './association.types';
import {
  countOf,
  counterparts,
  decodeLinks,
  encodeLinks,
  evolveLinks,
  initialLinksState,
  linksFold,
  linksStream,
  primaryOf,
  typeIdsWith,
} from './links.state';

const by = { changedBy: 'user-1', changedAt: '2025-03-04T05:06:07.000Z' };
const C1 = { objectTypeId: '0-1', recordId: '1' };
const to = (toRecordId: string, toObjectTypeId = '0-2') => ({ ...C1, toObjectTypeId, toRecordId, ...by });
const labeled = (toRecordId: string, typeIds: number[], created = false): LinksEvent => ({
  type: 'AssociationLabeled',
  data: { ...to(toRecordId), typeIds, created },
});
const unlabeled = (toRecordId: string, typeIds: number[]): LinksEvent => ({
  type: 'AssociationUnlabeled',
  data: { ...to(toRecordId), typeIds },
});
const removed = (toRecordId: string, typeIds: number[]): LinksEvent => ({
  type: 'AssociationRemoved',
  data: { ...to(toRecordId), typeIds, reason: 'API' },
});

describe('links state', () => {
  it('names the stream links-{account}.{objectTypeId}.{recordId}', () =>
    expect(linksStream('acc-1', '0-1', '17')).toBe('links-acc-1.0-1.17'));

  describe('when nothing is associated', () => {
    const state = initialLinksState();
    it('has no counterparts, counts or Primary', () => {
      expect(typeIdsWith(state, '0-2', '11')).toEqual([]);
      expect(countOf(state, 279)).toBe(0);
      expect([...counterparts(state)]).toEqual([]);
      expect(primaryOf(state)).toBeNull();
    });
  });

  describe('when associated with two companies', () => {
    const state = fold(linksFold, [
      labeled('11', [279, 1000], true),
      labeled('12', [1000, 279], true),
      labeled('12', [1]),
    ]);

    it('keeps typeIds sorted per counterpart and counts counterparts per typeId', () => {
      expect(typeIdsWith(state, '0-2', '12')).toEqual([1, 279, 1000]);
      expect(countOf(state, 279)).toBe(2);
      expect(countOf(state, 1000)).toBe(2);
      expect(countOf(state, 1)).toBe(1);
    });

    it('knows the Primary company', () =>
      expect(primaryOf(state)).toEqual({ toObjectTypeId: '0-2', toRecordId: '12' }));

    it('lists its counterparts', () =>
      expect([...counterparts(state)]).toEqual([
        { toObjectTypeId: '0-2', toRecordId: '11', typeIds: [279, 1000] },
        { toObjectTypeId: '0-2', toRecordId: '12', typeIds: [1, 279, 1000] },
      ]));

    it('unlabeling updates the counts and clears the Primary it removes', () => {
      const next = evolveLinks(state, unlabeled('12', [1, 1000]));
      expect(typeIdsWith(next, '0-2', '12')).toEqual([279]);
      expect(countOf(next, 1000)).toBe(1);
      expect(countOf(next, 1)).toBe(0);
      expect(primaryOf(next)).toBeNull();
    });

    it('removal drops the counterpart, its counts and its Primary', () => {
      const next = evolveLinks(state, removed('12', [1, 279, 1000]));
      expect(typeIdsWith(next, '0-2', '12')).toEqual([]);
      expect(countOf(next, 279)).toBe(1);
      expect(primaryOf(next)).toBeNull();
    });

    it('does not change the state it evolved from (persistent)', () => {
      evolveLinks(state, removed('11', [279, 1000]));
      expect(countOf(state, 279)).toBe(2);
    });

    it.each([
      ['labeling with what it has', labeled('11', [279])],
      ['unlabeling what it lacks', unlabeled('11', [1])],
      ['removing a pair it lacks', removed('13', [279])],
    ])('the same event twice changes nothing: %s', (_, event) => {
      const once = evolveLinks(state, event);
      expect(evolveLinks(once, event)).toBe(once);
    });
  });

  describe('when a hub record has many counterparts', () => {
    const hub = fold(
      linksFold,
      Array.from({ length: 50_000 }, (_, i) => labeled(String(i), [279], true)),
    );

    it('counts them and keeps earlier states intact as it grows', () => {
      const next = evolveLinks(hub, labeled('50000', [279, 1000], true));
      expect(countOf(hub, 279)).toBe(50_000);
      expect(countOf(next, 279)).toBe(50_001);
      expect(countOf(next, 1000)).toBe(1);
      expect(typeIdsWith(hub, '0-2', '50000')).toEqual([]);
    });
  });

  describe('as a snapshot', () => {
    const event: fc.Arbitrary<LinksEvent> = fc
      .tuple(
        fc.constantFrom('labeled', 'unlabeled', 'removed'),
        fc.constantFrom('11', '12', '13', '14', '15', '16', '17', '18', '19', '20'),
        fc.uniqueArray(fc.constantFrom(1, 279, 1000, 1001, 1002), { minLength: 1, maxLength: 3 }),
      )
      .map(([kind, toRecordId, typeIds]) =>
        kind === 'labeled'
          ? labeled(toRecordId, typeIds)
          : kind === 'unlabeled'
            ? unlabeled(toRecordId, typeIds)
            : removed(toRecordId, typeIds),
      );

    it('decodes to the same state, and folding on from it gives what folding the whole stream gives', () => {
      fc.assert(
        fc.property(fc.array(event, { maxLength: 60 }), fc.array(event, { maxLength: 20 }), (before, after) => {
          const atSnapshot = fold(linksFold, before);
          const decoded = decodeLinks(encodeLinks(atSnapshot));
          expect(decoded.links.toJS()).toEqual(atSnapshot.links.toJS());
          expect(decoded.counts.toJS()).toEqual(atSnapshot.counts.toJS());
          expect(decoded.primary).toBe(atSnapshot.primary);
          const resumed = after.reduce(evolveLinks, decoded);
          const whole = fold(linksFold, [...before, ...after]);
          expect(resumed.links.toJS()).toEqual(whole.links.toJS());
          expect(resumed.counts.toJS()).toEqual(whole.counts.toJS());
          expect(resumed.primary).toBe(whole.primary);
        }),
      );
    });

    it('refuses text that is not an encoded links state', () => {
      for (const text of ['[]', '{"links":[["0-2:1",["x"]]],"primary":null}', '{"links":[],"primary":3}', 'nope']) {
        expect(() => decodeLinks(text)).toThrow();
      }
    });
  });
});
