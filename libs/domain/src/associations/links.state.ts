import { Map as ImmutableMap } from 'immutable';
import { assertNever } from '../shared/decider';
import type { LinksEvent } from './association.types';

/** One record's side of its associations (DESIGN.md §6, ADR 0006 §1). */
export function linksStream(accountId: string, objectTypeId: string, recordId: string): string {
  return `links-${accountId}.${objectTypeId}.${recordId}`;
}

/**
 * HubSpot's Primary typeIds seen from the record that has a primary company: contact, deal, ticket → company
 * (hubspot-v4-api.md §4). Their inverses (2, 6, 25) are what the company's side carries.
 */
export const PRIMARY_TYPE_IDS: ReadonlySet<number> = new Set([1, 5, 26]);
export const INVERSE_PRIMARY_TYPE_IDS: ReadonlySet<number> = new Set([2, 6, 25]);

/**
 * The folded links stream, as persistent maps (ADR 0006 §3): every event costs O(log n) in the number of
 * counterparts and shares structure with the previous state, so a loader can cache states by revision.
 */
export interface LinksState {
  /** Counterpart key (`${toObjectTypeId}:${toRecordId}`) → its typeIds, sorted ascending. */
  readonly links: ImmutableMap<string, readonly number[]>;
  /** TypeId → how many counterparts carry it (limits are decided from this). */
  readonly counts: ImmutableMap<number, number>;
  /** Counterpart key of the current Primary company, for a contact, deal or ticket. */
  readonly primary: string | null;
}

export function counterpartKey(toObjectTypeId: string, toRecordId: string): string {
  return `${toObjectTypeId}:${toRecordId}`;
}

export const initialLinksState = (): LinksState => ({ links: ImmutableMap(), counts: ImmutableMap(), primary: null });

const bump = (counts: LinksState['counts'], typeIds: readonly number[], by: 1 | -1): LinksState['counts'] =>
  counts.withMutations((m) => {
    for (const typeId of typeIds) {
      const next = (m.get(typeId) ?? 0) + by;
      if (next > 0) m.set(typeId, next);
      else m.delete(typeId);
    }
  });

const holdsPrimary = (typeIds: readonly number[]): boolean => typeIds.some((t) => PRIMARY_TYPE_IDS.has(t));

/** Applies one event; tolerant of repeats (adding what is there or removing what is not changes nothing). */
export function evolveLinks(state: LinksState, event: LinksEvent): LinksState {
  const key = counterpartKey(event.data.toObjectTypeId, event.data.toRecordId);
  const current = state.links.get(key) ?? [];
  switch (event.type) {
    case 'AssociationLabeled': {
      const added = [...new Set(event.data.typeIds)].filter((t) => !current.includes(t));
      if (added.length === 0 && state.links.has(key)) return state;
      const typeIds = [...current, ...added].sort((a, b) => a - b);
      const primary = holdsPrimary(added) ? key : state.primary;
      return { links: state.links.set(key, typeIds), counts: bump(state.counts, added, 1), primary };
    }
    case 'AssociationUnlabeled': {
      const removed = current.filter((t) => event.data.typeIds.includes(t));
      if (removed.length === 0) return state;
      const typeIds = current.filter((t) => !removed.includes(t));
      const primary = state.primary === key && holdsPrimary(removed) ? null : state.primary;
      return { links: state.links.set(key, typeIds), counts: bump(state.counts, removed, -1), primary };
    }
    case 'AssociationRemoved': {
      if (!state.links.has(key)) return state;
      const primary = state.primary === key ? null : state.primary;
      return { links: state.links.delete(key), counts: bump(state.counts, current, -1), primary };
    }
    default:
      return assertNever(event, 'links event');
  }
}

/**
 * A links state as text, for snapshots of long links streams (ADR 0006 §10): every counterpart with its typeIds and
 * the Primary. Counts are not written: they are the number of counterparts carrying each typeId, recomputed on decode.
 */
export function encodeLinks(state: LinksState): string {
  return JSON.stringify({ links: [...state.links], primary: state.primary });
}

/** The state `encodeLinks` wrote; throws on anything else (a loader then folds the stream from its start). */
export function decodeLinks(text: string): LinksState {
  const parsed = JSON.parse(text) as { links?: unknown; primary?: unknown };
  const { links, primary } = parsed;
  const isEntry = (e: unknown): e is [string, number[]] =>
    Array.isArray(e) &&
    e.length === 2 &&
    typeof e[0] === 'string' &&
    Array.isArray(e[1]) &&
    (e[1] as unknown[]).every((t) => Number.isInteger(t));
  if (!Array.isArray(links) || !links.every(isEntry) || !(primary === null || typeof primary === 'string')) {
    throw new Error('Not an encoded links state');
  }
  const counts = new Map<number, number>();
  for (const [, typeIds] of links) for (const t of typeIds) counts.set(t, (counts.get(t) ?? 0) + 1);
  return { links: ImmutableMap(links), counts: ImmutableMap(counts), primary };
}

/** The fold of a links stream, for `fold()`, the stream loader's cache and its snapshots. */
export const linksFold = {
  name: 'links',
  initialState: initialLinksState,
  evolve: evolveLinks,
  snapshot: { version: 1, encode: encodeLinks, decode: decodeLinks },
};

/** The typeIds this record carries towards the counterpart (its direction), or `[]` when they are not associated. */
export function typeIdsWith(state: LinksState, toObjectTypeId: string, toRecordId: string): readonly number[] {
  return state.links.get(counterpartKey(toObjectTypeId, toRecordId)) ?? [];
}

/** How many counterparts carry `typeId`. */
export function countOf(state: LinksState, typeId: number): number {
  return state.counts.get(typeId) ?? 0;
}

export interface Counterpart {
  toObjectTypeId: string;
  toRecordId: string;
  typeIds: readonly number[];
}

/** Every associated record, e.g. to remove them all when the record is archived. */
export function* counterparts(state: LinksState): IterableIterator<Counterpart> {
  for (const [key, typeIds] of state.links) {
    const at = key.indexOf(':');
    yield { toObjectTypeId: key.slice(0, at), toRecordId: key.slice(at + 1), typeIds };
  }
}

/** The current Primary company, or null. */
export function primaryOf(state: LinksState): { toObjectTypeId: string; toRecordId: string } | null {
  if (state.primary === null) return null;
  const at = state.primary.indexOf(':');
  return { toObjectTypeId: state.primary.slice(0, at), toRecordId: state.primary.slice(at + 1) };
}
