import type { LinksEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../../projection';
import type { ReadModelOp } from '../../read-model.port';

/**
 * Point-in-time reads (issue 6 item 3): what the v4 associations page and the labels GET answered at any global
 * position, without replaying the log per request. Projections never read (ADR 0004), so an event cannot close an
 * interval whose start it does not know; instead each change is a marker, and markers of one thing are kept next to
 * each other in a sorted set so that a reader folds only the markers of what it returns. Keys, per account:
 * - `times:<account>`: sorted set of positions (20-digit members) scored by the time the store recorded them (ms),
 *   for the events this projection handles: an ISO `asOf` resolves to the last position at or before it;
 * - `links:<account>:<type>:<id>:<toType>`: every association change of one record towards one object type. Scored
 *   by the counterpart's id, member `<toId>|<position>|<kind>|<typeIds>` (kind `s` pair created, `+` typeIds added,
 *   `-` typeIds removed, `x` pair removed). Equal scores sort by member, i.e. by position, so a range read from an id
 *   on yields each counterpart's whole history, oldest first, in counterpart id order: the live page's order;
 * - `labels:<account>:<typeA>|<typeB>` (object types sorted): the labels ever defined for the pair, member labelId,
 *   scored by the forward typeId (the catalogue's order);
 * - `label:<account>:<labelId>`: the label's states, scored by position, member `<position>|<JSON>`: the
 *   definition and texts on creation, the texts after a rename, `deleted` on deletion.
 */
export const POINT_IN_TIME_EVENT_TYPES = [
  'AssociationLabeled',
  'AssociationUnlabeled',
  'AssociationRemoved',
  'LabelCreated',
  'LabelRenamed',
  'LabelDeleted',
] as const;

/** Positions as fixed-width decimal strings: their byte order is their numeric order. */
export function paddedPosition(position: bigint): string {
  return position.toString().padStart(20, '0');
}

export function positionTimesKey(accountId: string): string {
  return `times:${accountId}`;
}

export function linkMarkersKey(accountId: string, objectTypeId: string, recordId: string, toType: string): string {
  return `links:${accountId}:${objectTypeId}:${recordId}:${toType}`;
}

export function pairLabelsKey(accountId: string, a: string, b: string): string {
  const [first, second] = a <= b ? [a, b] : [b, a];
  return `labels:${accountId}:${first}|${second}`;
}

export function labelStatesKey(accountId: string, labelId: string): string {
  return `label:${accountId}:${labelId}`;
}

export type LinkMarkerKind = 's' | '+' | '-' | 'x';

/** A label's state as a `label:` member records it. */
export type LabelStateMarker =
  | {
      kind: 'created';
      labelId: string;
      category: string;
      fromObjectTypeId: string;
      toObjectTypeId: string;
      shape: string;
      typeId: number;
      inverseTypeId: number;
      name: string;
      inverseName: string | null;
      createdBy: string;
      createdAt: string;
      label: string;
      inverseLabel: string | null;
    }
  | { kind: 'renamed'; label: string; inverseLabel: string | null }
  | { kind: 'deleted' };

type Data = Record<string, unknown>;

function linkOps(accountId: string, event: LinksEvent, position: string): ReadModelOp[] {
  const { objectTypeId, recordId, toObjectTypeId, toRecordId, typeIds } = event.data;
  const kind: LinkMarkerKind =
    event.type === 'AssociationRemoved'
      ? 'x'
      : event.type === 'AssociationUnlabeled'
        ? '-'
        : event.data.created
          ? 's'
          : '+';
  const sortedTypeIds = [...typeIds].sort((a, b) => a - b).join(',');
  return [
    {
      op: 'zadd',
      key: linkMarkersKey(accountId, objectTypeId, recordId, toObjectTypeId),
      member: `${toRecordId}|${position}|${kind}|${kind === 'x' ? '' : sortedTypeIds}`,
      score: Number(toRecordId),
    },
  ];
}

function labelOps(accountId: string, type: string, data: Data, position: string): ReadModelOp[] {
  const labelId = String(data.labelId);
  const state = (marker: LabelStateMarker): ReadModelOp => ({
    op: 'zadd',
    key: labelStatesKey(accountId, labelId),
    member: `${position}|${JSON.stringify(marker)}`,
    score: Number(position),
  });
  switch (type) {
    case 'LabelCreated': {
      const d = data as Omit<Extract<LabelStateMarker, { kind: 'created' }>, 'kind'>;
      return [
        {
          op: 'zadd',
          key: pairLabelsKey(accountId, d.fromObjectTypeId, d.toObjectTypeId),
          member: labelId,
          score: d.typeId,
        },
        state({
          kind: 'created',
          labelId,
          category: d.category,
          fromObjectTypeId: d.fromObjectTypeId,
          toObjectTypeId: d.toObjectTypeId,
          shape: d.shape,
          typeId: d.typeId,
          inverseTypeId: d.inverseTypeId,
          name: d.name,
          inverseName: d.inverseName,
          createdBy: d.createdBy,
          createdAt: d.createdAt,
          label: d.label,
          inverseLabel: d.inverseLabel,
        }),
      ];
    }
    case 'LabelRenamed': {
      const after = data.after as { label: string; inverseLabel: string | null };
      return [state({ kind: 'renamed', label: after.label, inverseLabel: after.inverseLabel })];
    }
    case 'LabelDeleted':
      return [state({ kind: 'deleted' })];
    default:
      return [];
  }
}

export const pointInTimeProjection: Projection = {
  name: 'point-in-time',
  eventTypes: POINT_IN_TIME_EVENT_TYPES,
  evolve(event: RecordedEvent): ReadModelOp[] {
    const { accountId } = event.metadata;
    const position = paddedPosition(event.position);
    const ops = event.type.startsWith('Association')
      ? linkOps(accountId, event as unknown as LinksEvent, position)
      : labelOps(accountId, event.type, event.data as Data, position);
    const time = Date.parse(event.recordedAt);
    if (Number.isFinite(time))
      ops.push({ op: 'zadd', key: positionTimesKey(accountId), member: position, score: time });
    return ops;
  },
};
