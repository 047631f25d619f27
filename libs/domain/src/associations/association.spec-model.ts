import { company, contact, deal, type LinksWorld } from './association.spec-fixtures';
import type { AssociationCommand, RecordKey } from './association.types';
import { PRIMARY_TYPE_IDS } from './links.state';
import { inverseOf } from './pair-types';

/*
 * The naive model the property in association.model.spec.ts checks the decision against: a map of directed record
 * pairs → typeIds, written both ways by the model itself, with full scans for limits and Primary.
 */

export const RECORDS: readonly RecordKey[] = [
  contact('1'),
  contact('2'),
  contact('3'),
  company('11'),
  company('12'),
  company('13'),
  deal('21'),
  deal('22'),
];
export const key = (r: RecordKey): string => `${r.objectTypeId}:${r.recordId}`;
export const pairKey = (a: RecordKey, b: RecordKey): string => `${key(a)}|${key(b)}`;
export const sorted = (ids: Iterable<number>): number[] => [...new Set(ids)].sort((x, y) => x - y);

/** The naive model: every directed pair's typeIds, written both ways by the model itself. */
export class Model {
  pairs = new Map<string, Set<number>>();
  constructor(private readonly world: LinksWorld) {}

  get(a: RecordKey, b: RecordKey): Set<number> {
    return this.pairs.get(pairKey(a, b)) ?? new Set();
  }
  private put(a: RecordKey, b: RecordKey, ids: Set<number>): void {
    if (ids.size === 0) this.pairs.delete(pairKey(a, b));
    else this.pairs.set(pairKey(a, b), ids);
  }
  add(a: RecordKey, b: RecordKey, ids: number[]): void {
    const types = this.world.types(a.objectTypeId, b.objectTypeId);
    this.put(a, b, new Set([...this.get(a, b), ...ids]));
    this.put(b, a, new Set([...this.get(b, a), ...ids.map((t) => inverseOf(types, t)!)]));
  }
  drop(a: RecordKey, b: RecordKey, ids: number[]): void {
    const types = this.world.types(a.objectTypeId, b.objectTypeId);
    const inverse = ids.map((t) => inverseOf(types, t)!);
    this.put(a, b, new Set([...this.get(a, b)].filter((t) => !ids.includes(t))));
    this.put(b, a, new Set([...this.get(b, a)].filter((t) => !inverse.includes(t))));
  }
  count(r: RecordKey, typeId: number): number {
    return RECORDS.filter((s) => this.get(r, s).has(typeId)).length;
  }
  clone(): Model {
    const copy = new Model(this.world);
    copy.pairs = new Map([...this.pairs].map(([k, v]) => [k, new Set(v)]));
    return copy;
  }
}

export function limitOf(world: LinksWorld, typeId: number): 'many' | number {
  for (const l of world.labels) {
    if (l.typeId === typeId) return l.limit ?? 'many';
    if (l.inverseTypeId === typeId) return l.inverseLimit ?? 'many';
  }
  return world.pairLimits.limits[typeId]?.limit ?? 'many';
}

export const TYPE_IDS = [
  1, 2, 5, 6, 13, 14, 279, 280, 341, 342, 3, 4, 449, 450, 451, 1000, 1001, 1002, 1003, 1004, 1005, 1006,
];

/** Which refusal the model expects for a set/remove, or null; applies the change to `model` when accepted. */
export function modelDecide(world: LinksWorld, model: Model, command: AssociationCommand): string | null {
  const { from: a, to: b } = command.data;
  if (key(a) === key(b)) return 'SELF_ASSOCIATION';
  const types = world.types(a.objectTypeId, b.objectTypeId);
  const U = types.unlabeled.typeId;
  if (command.type === 'RemoveAssociation') {
    model.drop(a, b, [...model.get(a, b)]);
    return null;
  }
  if (command.data.typeIds.length === 0) return 'EMPTY_TYPES';
  if (command.data.typeIds.some((t) => t !== U && !types.labels.has(t))) return 'UNKNOWN_OR_WRONG_DIRECTION';
  const current = model.get(a, b);
  if (command.type === 'RemoveAssociationLabels') {
    model.drop(
      a,
      b,
      command.data.typeIds.includes(U) ? [...current] : command.data.typeIds.filter((t) => current.has(t)),
    );
    return null;
  }
  const wanted = new Set([U, ...command.data.typeIds]);
  const added = [...wanted].filter((t) => !current.has(t));
  const removed =
    command.data.mode === 'add'
      ? []
      : [...current].filter((t) => !wanted.has(t) && types.labels.get(t)?.category === 'USER_DEFINED');
  if (added.length === 0 && removed.length === 0) return null;
  if (added.some((t) => types.labels.get(t) && types.labels.get(t)!.status !== 'Active')) return 'LABEL_NOT_ACTIVE';
  const next = model.clone();
  next.drop(a, b, removed);
  next.add(a, b, added);
  for (const p of added.filter((t) => types.labels.get(t)?.primary)) {
    const [holder, chosen] = PRIMARY_TYPE_IDS.has(p) ? [a, b] : [b, a];
    const holderTypeId = PRIMARY_TYPE_IDS.has(p) ? p : inverseOf(types, p)!;
    for (const other of RECORDS)
      if (key(other) !== key(chosen) && next.get(holder, other).has(holderTypeId))
        next.drop(holder, other, [holderTypeId]);
  }
  for (const r of RECORDS) {
    for (const t of TYPE_IDS) {
      const lim = limitOf(world, t);
      if (lim !== 'many' && next.count(r, t) > lim && next.count(r, t) > model.count(r, t))
        return 'ASSOCIATION_LIMIT_EXCEEDED';
    }
  }
  model.pairs = next.pairs;
  return null;
}
