import type { Namespace, ReadModelStore } from '../../read-model.port';
import type { AssociationsPage, AssociatedRecordView } from '../associations/associations.view';
import type { CatalogueLabel } from '../label-catalogue/label-catalogue.view';
import {
  labelStatesKey,
  linkMarkersKey,
  paddedPosition,
  pairLabelsKey,
  positionTimesKey,
  type LabelStateMarker,
} from './point-in-time.projection';

/** The read side of the point-in-time projection: positions for times, and pages and labels as of a position. */

/** The last position (of the events this projection handles) recorded at or before `time`; 0 when none. */
export async function positionAtTime(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  time: number,
): Promise<bigint> {
  const [last] = await store.zrange(ns, positionTimesKey(accountId), { max: time, reverse: true, limit: 1 });
  return last === undefined ? 0n : BigInt(last.member);
}

interface Marker {
  toId: string;
  position: string;
  kind: string;
  typeIds: string;
}

function parseMarker(member: string): Marker {
  const [toId = '', position = '', kind = '', typeIds = ''] = member.split('|');
  return { toId, position, kind, typeIds };
}

/** Folds one counterpart's markers (oldest first) up to `at` (padded): its typeIds then, or undefined if none. */
function typeIdsAt(markers: readonly Marker[], at: string): number[] | undefined {
  let typeIds: Set<number> | undefined;
  for (const m of markers) {
    if (m.position > at) break;
    const ids = m.typeIds === '' ? [] : m.typeIds.split(',').map(Number);
    if (m.kind === 's') typeIds = new Set(ids);
    else if (m.kind === 'x') typeIds = undefined;
    else if (m.kind === '+') for (const t of ids) (typeIds ??= new Set()).add(t);
    else if (m.kind === '-') for (const t of ids) typeIds?.delete(t);
  }
  return typeIds && [...typeIds].sort((a, b) => a - b);
}

/**
 * The page `readAssociationsPage` answered at `position`: the record's counterparts of one type associated then, in
 * id order from `after` (inclusive, like the live page), at most `limit`, with `paging.next.after` when there were
 * more. Reads the counterparts' markers in id order, a chunk at a time, until `limit + 1` were associated at that
 * position: the cost is the markers of the counterparts the page spans (those associated then, and those of the
 * id range associated only at other times), not the record's whole history nor the log.
 */
export async function readAssociationsPageAt(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  objectTypeId: string,
  recordId: string,
  toObjectTypeId: string,
  position: bigint,
  { after, limit = 500 }: { after?: number; limit?: number } = {},
): Promise<AssociationsPage> {
  const key = linkMarkersKey(accountId, objectTypeId, recordId, toObjectTypeId);
  const at = paddedPosition(position);
  const found: AssociatedRecordView[] = [];
  let min = after ?? -Infinity;
  let chunk = Math.max(64, 2 * (limit + 1));
  for (;;) {
    const members = await store.zrange(ns, key, { min, limit: chunk });
    const markers = members.map((m) => parseMarker(m.member));
    const exhausted = members.length < chunk;
    // The last counterpart's markers may continue in the next chunk: it is read again from its id then.
    let end = markers.length;
    if (!exhausted) {
      const lastId = markers[end - 1]!.toId;
      while (end > 0 && markers[end - 1]!.toId === lastId) end--;
      if (end === 0) {
        chunk *= 2;
        continue;
      }
    }
    let start = 0;
    while (start < end) {
      let stop = start + 1;
      while (stop < end && markers[stop]!.toId === markers[start]!.toId) stop++;
      const typeIds = typeIdsAt(markers.slice(start, stop), at);
      if (typeIds !== undefined) {
        found.push({ toObjectId: markers[start]!.toId, typeIds });
        if (found.length > limit) {
          return { results: found.slice(0, limit), paging: { next: { after: found[limit]!.toObjectId } } };
        }
      }
      start = stop;
    }
    if (exhausted) return { results: found };
    min = members[end]!.score;
  }
}

/**
 * The labels of an object pair (either direction) as they were at `position`, as catalogue labels (status and
 * limits are not kept: the routes that answer as of a position show neither). One read of the pair's label ids and
 * one per label of its states up to the position.
 */
export async function readPairLabelsAt(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  fromObjectTypeId: string,
  toObjectTypeId: string,
  position: bigint,
): Promise<CatalogueLabel[]> {
  const ids = await store.zrange(ns, pairLabelsKey(accountId, fromObjectTypeId, toObjectTypeId));
  const max = Number(position);
  const labels = await Promise.all(
    ids.map(async ({ member: labelId }) => {
      const states = await store.zrange(ns, labelStatesKey(accountId, labelId), { max });
      return labelAt(states.map((s) => JSON.parse(s.member.slice(s.member.indexOf('|') + 1)) as LabelStateMarker));
    }),
  );
  return labels.filter((l): l is CatalogueLabel => l !== undefined);
}

function labelAt(states: readonly LabelStateMarker[]): CatalogueLabel | undefined {
  let label: CatalogueLabel | undefined;
  for (const state of states) {
    switch (state.kind) {
      case 'created':
        label = {
          labelId: state.labelId,
          category: state.category as CatalogueLabel['category'],
          fromObjectTypeId: state.fromObjectTypeId,
          toObjectTypeId: state.toObjectTypeId,
          shape: state.shape as CatalogueLabel['shape'],
          status: 'Active',
          forward: { typeId: state.typeId, name: state.name, label: state.label, limit: 'many' },
          inverse: {
            typeId: state.inverseTypeId,
            name: state.inverseName ?? state.name,
            label: state.inverseLabel ?? state.label,
            limit: 'many',
          },
          createdBy: state.createdBy,
          createdAt: state.createdAt,
        };
        break;
      case 'renamed':
        if (label) {
          label = {
            ...label,
            forward: { ...label.forward, label: state.label },
            inverse: { ...label.inverse, label: state.inverseLabel ?? state.label },
          };
        }
        break;
      case 'deleted':
        label = undefined;
        break;
    }
  }
  return label;
}
