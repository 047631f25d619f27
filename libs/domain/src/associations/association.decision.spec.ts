import { DomainError } from '../shared/domain.error';
import { decideAssociation, decideRemoval, archiveCascade } from './association.decision';
import {
  by,
  company,
  contact,
  deal,
  LinksWorld,
  metadata,
  removeAssociation,
  removeLabels,
  setLabels,
} from './association.spec-fixtures';
import type { LinksEvent, RecordKey } from './association.types';
import { countOf, initialLinksState, primaryOf, typeIdsWith } from './links.state';

const C1 = contact('1');
const C2 = contact('2');
const K1 = company('11');
const K2 = company('12');
const D1 = deal('21');

const side = (me: RecordKey, other: RecordKey, typeIds: number[]) => ({
  objectTypeId: me.objectTypeId,
  recordId: me.recordId,
  toObjectTypeId: other.objectTypeId,
  toRecordId: other.recordId,
  typeIds,
  ...by,
});
const labeled = (me: RecordKey, other: RecordKey, typeIds: number[], created = false): LinksEvent => ({
  type: 'AssociationLabeled',
  data: { ...side(me, other, typeIds), created },
});
const unlabeled = (me: RecordKey, other: RecordKey, typeIds: number[]): LinksEvent => ({
  type: 'AssociationUnlabeled',
  data: side(me, other, typeIds),
});
const removed = (
  me: RecordKey,
  other: RecordKey,
  typeIds: number[],
  reason: 'API' | 'UNLABELED_REMOVED',
): LinksEvent => ({
  type: 'AssociationRemoved',
  data: { ...side(me, other, typeIds), reason },
});
const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('decideAssociation', () => {
  let world: LinksWorld;
  beforeEach(() => (world = new LinksWorld()));

  describe('when the records are not associated', () => {
    it('creates the pair with the label and the unlabeled type, each side in its own direction (scenario 8)', () =>
      expect(world.decide(setLabels(C1, K1, [1000]))).toEqual({
        from: [labeled(C1, K1, [279, 1000], true)],
        to: [labeled(K1, C1, [280, 1001], true)],
      }));

    it('creates only the unlabeled type when given alone (createDefault, scenario 9)', () =>
      expect(world.decide(setLabels(D1, K1, [341]))).toEqual({
        from: [labeled(D1, K1, [341], true)],
        to: [labeled(K1, D1, [342], true)],
      }));

    it('shows a same-object single label with its one typeId on both sides', () =>
      expect(world.decide(setLabels(K1, K2, [1006]))).toEqual({
        from: [labeled(K1, K2, [450, 1006], true)],
        to: [labeled(K2, K1, [450, 1006], true)],
      }));

    it('sets the inverse of a same-object paired label on the other side', () =>
      expect(world.decide(setLabels(K1, K2, [13])).to).toEqual([labeled(K2, K1, [14, 450], true)]));

    it('removing labels or the association changes nothing', () => {
      expect(world.decide(removeLabels(C1, K1, [1000]))).toEqual({ from: [], to: [] });
      expect(world.decide(removeLabels(C1, K1, [279]))).toEqual({ from: [], to: [] });
      expect(world.decide(removeAssociation(C1, K1))).toEqual({ from: [], to: [] });
    });
  });

  describe('refusals', () => {
    it.each([
      ['no types', setLabels(C1, K1, []), 'EMPTY_TYPES'],
      ['a typeId of another pair (scenario 11)', setLabels(D1, K1, [1]), 'UNKNOWN_ASSOCIATION_TYPE'],
      ['the inverse direction’s typeId', setLabels(C1, K1, [1001]), 'WRONG_DIRECTION'],
      ['the inverse direction’s unlabeled typeId', setLabels(C1, K1, [280]), 'WRONG_DIRECTION'],
      ['a record with itself', setLabels(K1, K1, [450]), 'SELF_ASSOCIATION'],
      ['removing no types', removeLabels(C1, K1, []), 'EMPTY_TYPES'],
    ])('refuses %s', (_, command, code) => expect(refusal(() => world.decide(command)).code).toBe(code));

    it('names the pair and the typeId', () =>
      expect(refusal(() => world.decide(setLabels(D1, K1, [1]))).message).toBe(
        'Association type 1 is not a type of 0-3 → 0-2',
      ));

    it('refuses a new use of a label being deleted, and allows removing it', () => {
      world.run(setLabels(C1, K1, [1000]));
      world.labels.find((l) => l.labelId === 'manager')!.status = 'Retiring';
      expect(refusal(() => world.decide(setLabels(C2, K1, [1000]))).code).toBe('LABEL_NOT_ACTIVE');
      expect(world.decide(removeLabels(C1, K1, [1000])).from).toEqual([unlabeled(C1, K1, [1000])]);
    });

    it('refuses types that do not match the pair the context describes', () =>
      expect(
        refusal(() =>
          decideAssociation(setLabels(C1, K1, [279]), {
            from: initialLinksState(),
            to: initialLinksState(),
            types: world.types('0-3', '0-2'),
          }),
        ).code,
      ).toBe('PAIR_TYPES_MISMATCH'));
  });

  describe('when the pair exists', () => {
    beforeEach(() => world.run(setLabels(C1, K1, [1000])));

    it("'set' replaces the USER_DEFINED labels and keeps the unlabeled type", () =>
      expect(world.decide(setLabels(C1, K1, [1002]))).toEqual({
        from: [unlabeled(C1, K1, [1000]), labeled(C1, K1, [1002])],
        to: [unlabeled(K1, C1, [1001]), labeled(K1, C1, [1003])],
      }));

    it("'set' with the unlabeled type alone removes every custom label", () =>
      expect(world.decide(setLabels(C1, K1, [279]))).toEqual({
        from: [unlabeled(C1, K1, [1000])],
        to: [unlabeled(K1, C1, [1001])],
      }));

    it("'set' never removes Primary; 'add' only adds", () => {
      world.run(setLabels(C1, K1, [1], 'add'));
      expect(typeIdsWith(world.state(C1), '0-2', '11')).toEqual([1, 279, 1000]);
      expect(world.decide(setLabels(C1, K1, [1002]))).toEqual({
        from: [unlabeled(C1, K1, [1000]), labeled(C1, K1, [1002])],
        to: [unlabeled(K1, C1, [1001]), labeled(K1, C1, [1003])],
      });
    });

    it('the same command again changes nothing (retry-safe)', () => {
      expect(world.decide(setLabels(C1, K1, [1000]))).toEqual({ from: [], to: [] });
      expect(world.decide(setLabels(C1, K1, [279], 'add'))).toEqual({ from: [], to: [] });
    });

    it('removing labels keeps the association; types it does not carry are ignored (scenario 14)', () =>
      expect(world.decide(removeLabels(C1, K1, [1000, 1002]))).toEqual({
        from: [unlabeled(C1, K1, [1000])],
        to: [unlabeled(K1, C1, [1001])],
      }));

    it('removing the unlabeled type removes the whole association on both sides (scenario 14)', () =>
      expect(world.decide(removeLabels(C1, K1, [279]))).toEqual({
        from: [removed(C1, K1, [279, 1000], 'UNLABELED_REMOVED')],
        to: [removed(K1, C1, [280, 1001], 'UNLABELED_REMOVED')],
      }));

    it('removing the association removes every type on both sides', () =>
      expect(world.decide(removeAssociation(C1, K1))).toEqual({
        from: [removed(C1, K1, [279, 1000], 'API')],
        to: [removed(K1, C1, [280, 1001], 'API')],
      }));

    it('decideRemoval needs no association types (archive cascade)', () => {
      const [command] = archiveCascade(C1, world.state(C1), metadata);
      expect(command!.data).toEqual({ from: C1, to: K1, reason: 'RECORD_ARCHIVED' });
      expect(decideRemoval(command!, { from: world.state(C1), to: world.state(K1) }).to).toEqual([
        { type: 'AssociationRemoved', data: { ...side(K1, C1, [280, 1001]), reason: 'RECORD_ARCHIVED' } },
      ]);
    });
  });

  describe('limits per direction (scenario 19)', () => {
    const D2 = deal('22');

    it('refuses a second contact with a label limited to 1 per deal, naming label, record and limit', () => {
      world.run(setLabels(D1, C1, [1004]));
      const error = refusal(() => world.decide(setLabels(D1, C2, [1004])));
      expect(error.code).toBe('ASSOCIATION_LIMIT_EXCEEDED');
      expect(error.message).toBe(
        'Cannot add label "Decision maker" (typeId 1004) to deal 0-3:21: it already has 1 contact with that label, the limit is 1',
      );
      expect(error.context).toEqual({
        typeId: 1004,
        label: 'Decision maker',
        limit: 1,
        count: 1,
        objectTypeId: '0-3',
        recordId: '21',
      });
    });

    it('lets the same contact take the label with many deals (the other direction is unlimited)', () => {
      world.run(setLabels(D1, C1, [1004]));
      expect(world.decide(setLabels(D2, C1, [1004])).to).toEqual([labeled(C1, D2, [4, 1005], true)]);
    });

    it('checks the inverse direction from the other record’s side', () => {
      world.labels.find((l) => l.labelId === 'decision')!.inverseLimit = 1;
      world.run(setLabels(D1, C1, [1004]));
      const error = refusal(() => world.decide(setLabels(D2, C1, [1004])));
      expect(error.context).toMatchObject({ typeId: 1005, count: 1, limit: 1, objectTypeId: '0-1', recordId: '1' });
    });

    it('names the other side’s text of a paired label when its limit is reached', () => {
      world.labels.find((l) => l.labelId === 'manager')!.inverseLimit = 1;
      world.run(setLabels(C1, K1, [1000]));
      expect(refusal(() => world.decide(setLabels(C2, K1, [1000]))).message).toBe(
        'Cannot add label "Employee" (typeId 1001) to company 0-2:11: it already has 1 contact with that label, the limit is 1',
      );
    });

    it('creating the pair checks the pair (unlabeled) limit on both sides', () => {
      world.pairLimits = { limits: { 279: { fromObjectTypeId: '0-1', toObjectTypeId: '0-2', limit: 1 } } };
      world.run(setLabels(C1, K1, [279]));
      const error = refusal(() => world.decide(setLabels(C1, K2, [279])));
      expect(error.message).toBe(
        'Cannot associate contact 0-1:1 with another company: it already has 1 company, the limit is 1',
      );
      expect(world.decide(setLabels(C2, K1, [279])).from).toHaveLength(1);
    });
  });

  describe('Primary (scenario 10)', () => {
    beforeEach(() => world.run(setLabels(C1, K1, [279]), setLabels(C1, K2, [279])));

    it('setting Primary on a contact with none adds it on both sides', () =>
      expect(world.decide(setLabels(C1, K1, [1], 'add'))).toEqual({
        from: [labeled(C1, K1, [1])],
        to: [labeled(K1, C1, [2])],
      }));

    it('moving it asks for the former company’s links first', () => {
      world.run(setLabels(C1, K1, [1], 'add'));
      const context = { from: world.state(C1), to: world.state(K2), types: world.types('0-1', '0-2') };
      const error = refusal(() => decideAssociation(setLabels(C1, K2, [1], 'add'), context));
      expect(error).toMatchObject({ code: 'NEEDS_FORMER_PRIMARY', context: { objectTypeId: '0-2', recordId: '11' } });
    });

    it('moving it removes Primary from the former company, which stays associated', () => {
      world.run(setLabels(C1, K1, [1], 'add'));
      const decision = world.decide(setLabels(C1, K2, [1], 'add'));
      expect(decision).toEqual({
        from: [unlabeled(C1, K1, [1]), labeled(C1, K2, [1])],
        to: [labeled(K2, C1, [2])],
        formerPrimary: { objectTypeId: '0-2', recordId: '11', events: [unlabeled(K1, C1, [2])] },
      });
      world.apply(setLabels(C1, K2, [1], 'add'), decision);
      expect(primaryOf(world.state(C1))).toEqual({ toObjectTypeId: '0-2', toRecordId: '12' });
      expect(typeIdsWith(world.state(C1), '0-2', '11')).toEqual([279]);
      expect(typeIdsWith(world.state(K1), '0-1', '1')).toEqual([280]);
      expect(countOf(world.state(C1), 1)).toBe(1);
    });

    it('set from the company side (typeId 2) moves the contact’s Primary too', () => {
      world.run(setLabels(C1, K1, [1], 'add'));
      const decision = world.decide(setLabels(K2, C1, [2], 'add'));
      expect(decision.from).toEqual([labeled(K2, C1, [2])]);
      expect(decision.to).toEqual([unlabeled(C1, K1, [1]), labeled(C1, K2, [1])]);
      expect(decision.formerPrimary?.events).toEqual([unlabeled(K1, C1, [2])]);
    });

    it('a Primary limited to 1 still moves: the former slot is freed first', () => {
      world.labels.find((l) => l.labelId === 'hubspot_1')!.limit = 1;
      world.run(setLabels(C1, K1, [1], 'add'));
      expect(world.decide(setLabels(C1, K2, [1], 'add')).from).toHaveLength(2);
    });
  });
});
