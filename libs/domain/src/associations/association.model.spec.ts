import fc from 'fast-check';
import { unlabeledTypeId } from '../object-types/hubspot-defined-types';
import { DomainError } from '../shared/domain.error';
import { archiveCascade, decideRemoval } from './association.decision';
import { LinksWorld, metadata, removeAssociation, removeLabels, setLabels } from './association.spec-fixtures';
import { key, limitOf, Model, modelDecide, pairKey, RECORDS, sorted, TYPE_IDS } from './association.spec-model';
import type { AssociationCommand } from './association.types';
import { countOf, counterparts, PRIMARY_TYPE_IDS, primaryOf, typeIdsWith } from './links.state';
import { inverseOf } from './pair-types';

/*
 * Model-based property: random sequences of association commands run through `decideAssociation` (and the links
 * fold) and through a naive model (a map of directed pairs → typeIds, full scans for limits and Primary). After every
 * step both agree on the outcome and the states, and the invariants of DESIGN.md §6 hold.
 */

const PAIR_LIMIT_DIRECTIONS: readonly [string, string][] = [
  ['0-1', '0-2'],
  ['0-2', '0-1'],
  ['0-3', '0-1'],
  ['0-2', '0-2'],
];

type Step =
  | { kind: 'set'; a: number; b: number; picks: number[]; mode: 'set' | 'add' }
  | { kind: 'removeLabels'; a: number; b: number; picks: number[] }
  | { kind: 'remove'; a: number; b: number }
  | { kind: 'primary'; a: number; b: number; fromCompany: boolean }
  | { kind: 'archive'; a: number }
  | { kind: 'labelLimit'; label: number; inverse: boolean; limit: 'many' | number }
  | { kind: 'pairLimit'; direction: number; limit: 'many' | number }
  | { kind: 'status'; label: number; active: boolean };

const record = fc.nat(RECORDS.length - 1);
const limit = fc.oneof(fc.constant('many' as const), fc.integer({ min: 1, max: 3 }));
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      a: record,
      b: record,
      picks: fc.array(fc.nat(12), { maxLength: 3 }),
      mode: fc.constantFrom('set' as const, 'add' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('removeLabels' as const),
      a: record,
      b: record,
      picks: fc.array(fc.nat(12), { maxLength: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), a: record, b: record }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('primary' as const),
      a: fc.constantFrom(0, 1, 2, 6, 7),
      b: fc.constantFrom(3, 4, 5),
      fromCompany: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('archive' as const), a: record }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('labelLimit' as const), label: fc.nat(6), inverse: fc.boolean(), limit }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pairLimit' as const),
      direction: fc.nat(PAIR_LIMIT_DIRECTIONS.length - 1),
      limit,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), label: fc.nat(6), active: fc.boolean() }) },
);

function runStep(world: LinksWorld, model: Model, archived: Set<string>, s: Step): void {
  const commandOf = (): AssociationCommand | undefined => {
    if (s.kind === 'set' || s.kind === 'removeLabels' || s.kind === 'remove' || s.kind === 'primary') {
      const [a, b] =
        s.kind === 'primary' && s.fromCompany ? [RECORDS[s.b]!, RECORDS[s.a]!] : [RECORDS[s.a]!, RECORDS[s.b]!];
      if (archived.has(key(a)) || archived.has(key(b))) return undefined; // the record streams' check, not this decision's
      const typesOf = [
        ...world.types(a.objectTypeId, b.objectTypeId).labels.keys(),
        world.types(a.objectTypeId, b.objectTypeId).unlabeled.typeId,
      ];
      // Mostly this direction's typeIds; sometimes any typeId (unknown or the wrong direction).
      const pick = (n: number) => (n < 10 ? typesOf[n % typesOf.length]! : TYPE_IDS[(n * 7) % TYPE_IDS.length]!);
      if (s.kind === 'set') return setLabels(a, b, s.picks.map(pick), s.mode);
      if (s.kind === 'removeLabels') return removeLabels(a, b, s.picks.map(pick));
      if (s.kind === 'remove') return removeAssociation(a, b);
      const primary = { '0-1': 1, '0-3': 5 }[(s.fromCompany ? b : a).objectTypeId]!;
      return setLabels(a, b, [s.fromCompany ? primary + 1 : primary], 'add');
    }
    return undefined;
  };
  switch (s.kind) {
    case 'archive': {
      const r = RECORDS[s.a]!;
      for (const command of archiveCascade(r, world.state(r), metadata)) {
        world.apply(
          command,
          decideRemoval(command, { from: world.state(command.data.from), to: world.state(command.data.to) }),
        );
        model.drop(r, command.data.to, [...model.get(r, command.data.to)]);
      }
      archived.add(key(r));
      return;
    }
    case 'labelLimit': {
      const l = world.labels[s.label]!;
      if (s.inverse || l.typeId === l.inverseTypeId) l.inverseLimit = s.limit;
      if (!s.inverse || l.typeId === l.inverseTypeId) l.limit = s.limit;
      return;
    }
    case 'pairLimit': {
      const [from, to] = PAIR_LIMIT_DIRECTIONS[s.direction]!;
      const typeId = unlabeledTypeId(from, to);
      const { [typeId]: _, ...limits } = world.pairLimits.limits;
      world.pairLimits = {
        limits:
          s.limit === 'many'
            ? limits
            : { ...limits, [typeId]: { fromObjectTypeId: from, toObjectTypeId: to, limit: s.limit } },
      };
      return;
    }
    case 'status':
      world.labels[s.label]!.status = s.active ? 'Active' : 'Retiring';
      return;
    default: {
      const command = commandOf();
      if (!command) return;
      const expected = modelDecide(world, model, command);
      let code: string | null = null;
      try {
        world.run(command);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        code = error.code;
      }
      const normalised =
        code === 'UNKNOWN_ASSOCIATION_TYPE' || code === 'WRONG_DIRECTION' ? 'UNKNOWN_OR_WRONG_DIRECTION' : code;
      check(
        normalised === expected,
        () => `${JSON.stringify(command.data)}: ${normalised}, the model says ${expected}`,
      );
    }
  }
}

/** Plain checks (not `expect`): the property runs thousands of steps. */
function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}
const same = (x: readonly number[], y: readonly number[]): boolean =>
  x.length === y.length && x.every((v, i) => v === y[i]);

function assertInvariants(world: LinksWorld, model: Model, before: Map<string, number>): void {
  for (const r of RECORDS) {
    const state = world.state(r);
    let primaries = 0;
    for (const s of RECORDS) {
      const mine = typeIdsWith(state, s.objectTypeId, s.recordId);
      const expected = sorted(model.get(r, s));
      check(same(mine, expected), () => `${pairKey(r, s)}: ${mine} but the model has ${expected}`);
      if (mine.length === 0) continue;
      // Both sides mirror each other; the unlabeled type is on every pair.
      const types = world.types(r.objectTypeId, s.objectTypeId);
      const theirs = typeIdsWith(world.state(s), r.objectTypeId, r.recordId);
      const mirrored = sorted(mine.map((t) => inverseOf(types, t)!));
      check(same(theirs, mirrored), () => `${pairKey(s, r)}: ${theirs}, the mirror of ${mine} is ${mirrored}`);
      const unlabeled = unlabeledTypeId(r.objectTypeId, s.objectTypeId);
      check(mine.includes(unlabeled), () => `${pairKey(r, s)}: ${mine} lacks the unlabeled type ${unlabeled}`);
      if (mine.some((t) => PRIMARY_TYPE_IDS.has(t))) primaries += 1;
    }
    // At most one Primary company, and the state knows which.
    check(primaries <= 1, () => `${key(r)} has ${primaries} Primary companies`);
    check((primaryOf(state) !== null) === (primaries === 1), () => `${key(r)}: primary ${state.primary}`);
    // Counts equal the counterparts carrying each typeId; a count grows only within its limit.
    const all = [...counterparts(state)];
    for (const t of TYPE_IDS) {
      const carrying = all.filter((c) => c.typeIds.includes(t)).length;
      check(
        countOf(state, t) === carrying,
        () => `${key(r)}: count of ${t} is ${countOf(state, t)}, ${carrying} carry it`,
      );
      const lim = limitOf(world, t);
      const grew = carrying > (before.get(`${key(r)}#${t}`) ?? 0);
      check(!grew || lim === 'many' || carrying <= lim, () => `${key(r)}: ${carrying} with ${t}, limit ${lim}`);
    }
  }
}

const countsOf = (world: LinksWorld): Map<string, number> =>
  new Map(RECORDS.flatMap((r) => TYPE_IDS.map((t) => [`${key(r)}#${t}`, countOf(world.state(r), t)] as const)));

describe('associations, model-based', () => {
  it('random command sequences keep both sides, limits, Primary and counts consistent', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const world = new LinksWorld();
        const model = new Model(world);
        const archived = new Set<string>();
        for (const s of steps) {
          const before = countsOf(world);
          runStep(world, model, archived, s);
          assertInvariants(world, model, before);
        }
      }),
      { numRuns: 300 },
    );
  });
});
