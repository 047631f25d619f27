import fc from 'fast-check';
import { hubSpotDefinedAssociationTypes, unlabeledTypeId } from './hubspot-defined-types';
import type { HubSpotDefinedAssociationType } from './hubspot-defined-types';
import { ACTIVATABLE_OBJECT_TYPES, availableObjectTypes } from './object-type.catalogue';
import type { CustomObjectSchemaRef } from './object-type.catalogue';
import { DERIVED_UNLABELED_TYPE_ID_MIN, USER_DEFINED_TYPE_ID_MIN } from './unlabeled-type-id';

const standardOnly = availableObjectTypes({ activated: [], customObjects: [] });
const custom = (n: number): CustomObjectSchemaRef => ({
  objectTypeId: `2-${n}`,
  name: `thing${n}`,
  fullyQualifiedName: `p1_thing${n}`,
});
const key = (t: HubSpotDefinedAssociationType): string => `${t.fromObjectTypeId}→${t.toObjectTypeId}`;
const unlabeled = (types: HubSpotDefinedAssociationType[]) => types.filter((t) => t.label === null);

/** hubspot-v4-api.md §4, row by row, retyped from the spec: [from, to, unlabeled typeId, Primary typeId]. */
const SPEC_TABLE: [string, string, number, number | null][] = [
  ['0-1', '0-2', 279, 1],
  ['0-2', '0-1', 280, 2],
  ['0-3', '0-2', 341, 5],
  ['0-2', '0-3', 342, 6],
  ['0-5', '0-2', 339, 26],
  ['0-2', '0-5', 340, 25],
  ['0-3', '0-1', 3, null],
  ['0-1', '0-3', 4, null],
  ['0-1', '0-5', 15, null],
  ['0-5', '0-1', 16, null],
  ['0-3', '0-5', 27, null],
  ['0-5', '0-3', 28, null],
  ['0-1', '0-1', 449, null],
  ['0-2', '0-2', 450, null],
  ['0-3', '0-3', 451, null],
  ['0-5', '0-5', 452, null],
];
const SPEC_INVERSES: [number, number][] = [
  [1, 2],
  [5, 6],
  [26, 25],
  [279, 280],
  [341, 342],
  [339, 340],
  [3, 4],
  [15, 16],
  [27, 28],
  [13, 14],
];

describe('HubSpot-defined association types', () => {
  describe('when the account has only the standard objects', () => {
    const types = hubSpotDefinedAssociationTypes(standardOnly);
    const byId = new Map(types.map((t) => [t.typeId, t]));

    it.each(SPEC_TABLE)('%s → %s has unlabeled %i and Primary %p', (from, to, unlabeledId, primaryId) => {
      const pair = types.filter((t) => t.fromObjectTypeId === from && t.toObjectTypeId === to);
      expect(pair.find((t) => t.label === null)?.typeId).toBe(unlabeledId);
      expect(pair.find((t) => t.label === 'Primary')?.typeId).toBe(primaryId ?? undefined);
    });

    it('has parent/child company 13/14 with their labels', () => {
      expect(byId.get(13)).toMatchObject({ fromObjectTypeId: '0-2', toObjectTypeId: '0-2', label: 'Parent Company' });
      expect(byId.get(14)).toMatchObject({ fromObjectTypeId: '0-2', toObjectTypeId: '0-2', label: 'Child Company' });
      expect(byId.get(13)?.name).toBe('parent_to_child_company');
      expect(byId.get(14)?.name).toBe('child_to_parent_company');
    });

    it('has exactly the 24 types of the table, all HUBSPOT_DEFINED', () => {
      expect(types.map((t) => t.typeId).sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5, 6, 13, 14, 15, 16, 25, 26, 27, 28, 279, 280, 339, 340, 341, 342, 449, 450, 451, 452,
      ]);
      expect(new Set(types.map((t) => t.category))).toEqual(new Set(['HUBSPOT_DEFINED']));
    });

    it.each(SPEC_INVERSES)('%i and %i are each other’s inverse', (a, b) => {
      expect(byId.get(a)?.inverseTypeId).toBe(b);
      expect(byId.get(b)?.inverseTypeId).toBe(a);
    });

    it.each([449, 450, 451, 452])('same-object unlabeled %i is its own inverse', (typeId) =>
      expect(byId.get(typeId)?.inverseTypeId).toBe(typeId),
    );

    it('names each type once', () => expect(new Set(types.map((t) => t.name)).size).toBe(types.length));
  });

  describe('when an admin activates appointments', () => {
    const before = hubSpotDefinedAssociationTypes(standardOnly);
    const after = hubSpotDefinedAssociationTypes(availableObjectTypes({ activated: ['0-421'], customObjects: [] }));

    it('keeps every type the account had', () => expect(after).toEqual(expect.arrayContaining(before)));

    it('adds one unlabeled type per ordered pair with appointments: 4 + 4 + 1', () => {
      const added = after.filter((t) => !before.some((b) => b.typeId === t.typeId));
      expect(added.map(key).sort()).toEqual(
        ['0-1→0-421', '0-2→0-421', '0-3→0-421', '0-5→0-421', '0-421→0-1', '0-421→0-2', '0-421→0-3', '0-421→0-5']
          .concat('0-421→0-421')
          .sort(),
      );
      expect(added.every((t) => t.label === null && t.typeId >= DERIVED_UNLABELED_TYPE_ID_MIN)).toBe(true);
      expect(added.find((t) => key(t) === '0-1→0-421')?.name).toBe('contact_to_appointment');
    });

    it('gives appointment ↔ appointment one type, its own inverse', () => {
      const same = after.filter((t) => key(t) === '0-421→0-421');
      expect(same).toHaveLength(1);
      expect(same[0]!.inverseTypeId).toBe(same[0]!.typeId);
    });
  });

  describe('for any set of activated and custom objects', () => {
    const account = fc.record({
      activated: fc.subarray(ACTIVATABLE_OBJECT_TYPES.map((t) => t.objectTypeId)),
      customObjects: fc.uniqueArray(fc.integer({ min: 1, max: 32_704 }), { maxLength: 6 }).map((ns) => ns.map(custom)),
    });

    it('has exactly one unlabeled type per ordered pair of available types', () =>
      fc.assert(
        fc.property(account, (a) => {
          const objects = availableObjectTypes(a);
          const pairs = unlabeled(hubSpotDefinedAssociationTypes(objects)).map(key);
          const expected = objects.flatMap((f) => objects.map((t) => `${f.objectTypeId}→${t.objectTypeId}`));
          expect(pairs.sort()).toEqual(expected.sort());
        }),
      ));

    it('has symmetric inverses, and no typeId twice nor in the user-defined range', () =>
      fc.assert(
        fc.property(account, (a) => {
          const types = hubSpotDefinedAssociationTypes(availableObjectTypes(a));
          const byId = new Map(types.map((t) => [t.typeId, t]));
          expect(byId.size).toBe(types.length);
          for (const t of types) {
            const inverse = byId.get(t.inverseTypeId);
            expect(inverse).toMatchObject({ inverseTypeId: t.typeId, fromObjectTypeId: t.toObjectTypeId });
            expect(inverse?.toObjectTypeId).toBe(t.fromObjectTypeId);
            expect(t.typeId < USER_DEFINED_TYPE_ID_MIN || t.typeId >= DERIVED_UNLABELED_TYPE_ID_MIN).toBe(true);
            expect(t.typeId).toBeLessThanOrEqual(2 ** 31 - 1);
          }
        }),
      ));

    it('gives a pair the same unlabeled typeId whatever else the account has', () =>
      fc.assert(
        fc.property(account, account, (a, b) => {
          const ids = (x: typeof a) =>
            new Map(unlabeled(hubSpotDefinedAssociationTypes(availableObjectTypes(x))).map((t) => [key(t), t.typeId]));
          const [left, right] = [ids(a), ids(b)];
          for (const [pair, typeId] of left) if (right.has(pair)) expect(right.get(pair)).toBe(typeId);
          for (const [pair, typeId] of left) {
            const [from, to] = pair.split('→') as [string, string];
            expect(unlabeledTypeId(from, to)).toBe(typeId);
          }
        }),
      ));
  });
});
