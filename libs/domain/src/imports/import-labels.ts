import type { LabelDefinition } from '../labels/label.types';

/** One direction of a label, as an import row may name it: by its text or its internal name. */
export interface LabelDirection {
  typeId: number;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  fromObjectTypeId: string;
  toObjectTypeId: string;
  text: string;
  name: string;
}

/** Both directions of each label (one for a same-object single label, its own inverse). */
export function labelDirections(labels: readonly LabelDefinition[]): LabelDirection[] {
  return labels.flatMap((label): LabelDirection[] => {
    const category = label.category === 'HUBSPOT_DEFINED' ? 'HUBSPOT_DEFINED' : 'USER_DEFINED';
    const forward: LabelDirection = {
      typeId: label.forward.typeId,
      category,
      fromObjectTypeId: label.fromObjectTypeId,
      toObjectTypeId: label.toObjectTypeId,
      text: label.forward.label,
      name: label.forward.name,
    };
    if (label.inverse.typeId === label.forward.typeId) return [forward];
    return [
      forward,
      {
        typeId: label.inverse.typeId,
        category,
        fromObjectTypeId: label.toObjectTypeId,
        toObjectTypeId: label.fromObjectTypeId,
        text: label.inverse.label,
        name: label.inverse.name,
      },
    ];
  });
}

/** A labels cell's entries: split on `;`, trimmed, empty ones dropped, the same entry (any case) once. */
export function splitLabelCell(cell: string): string[] {
  const seen = new Set<string>();
  return cell
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => {
      const key = entry.toLowerCase();
      if (entry.length === 0 || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export type LabelCellResolution =
  | { ok: true; types: { typeId: number; category: 'HUBSPOT_DEFINED' | 'USER_DEFINED' }[] }
  | { ok: false; code: 'UNKNOWN_LABEL' | 'AMBIGUOUS_LABEL' | 'LABEL_WRONG_DIRECTION'; reason: string };

const quoted = (s: string) => JSON.stringify(s);

/**
 * The typeIds a labels cell names for `from → to`. Each entry is matched case-insensitively against the internal
 * names of the direction's labels first (they are unique within a pair) and then against their texts; a text shared
 * by two labels is ambiguous (the row must use an internal name). An entry that names only the other direction, or
 * nothing, is refused with a reason a person can act on. An empty cell names no label (the unlabeled association).
 */
export function resolveLabelCell(
  cell: string,
  pair: { fromObjectTypeId: string; toObjectTypeId: string },
  directions: readonly LabelDirection[],
): LabelCellResolution {
  const { fromObjectTypeId: from, toObjectTypeId: to } = pair;
  const mine = directions.filter((d) => d.fromObjectTypeId === from && d.toObjectTypeId === to);
  const types = new Map<number, LabelDirection>();
  for (const entry of splitLabelCell(cell)) {
    const key = entry.toLowerCase();
    const byName = mine.filter((d) => d.name.toLowerCase() === key);
    const byText = mine.filter((d) => d.text.toLowerCase() === key);
    const matches = byName.length > 0 ? byName : byText;
    if (matches.length === 1) {
      types.set(matches[0]!.typeId, matches[0]!);
      continue;
    }
    if (matches.length > 1) {
      return {
        ok: false,
        code: 'AMBIGUOUS_LABEL',
        reason:
          `Label ${quoted(entry)} matches ${matches.length} labels for ${from} → ${to} ` +
          `(${matches.map((m) => m.name).join(', ')}); name one by its internal name`,
      };
    }
    const reverse = directions.find(
      (d) =>
        d.fromObjectTypeId === to &&
        d.toObjectTypeId === from &&
        (d.name.toLowerCase() === key || d.text.toLowerCase() === key),
    );
    if (reverse) {
      return {
        ok: false,
        code: 'LABEL_WRONG_DIRECTION',
        reason:
          `Label ${quoted(entry)} is for ${to} → ${from}, not ${from} → ${to}; ` +
          'swap the from and to columns or use the label of this direction',
      };
    }
    const known = mine.map((d) => quoted(d.text));
    return {
      ok: false,
      code: 'UNKNOWN_LABEL',
      reason:
        `Unknown label ${quoted(entry)} for ${from} → ${to}` +
        (known.length > 0 ? `; known labels: ${known.join(', ')}` : '; the pair has no labels'),
    };
  }
  return {
    ok: true,
    types: [...types.values()].map(({ typeId, category }) => ({ typeId, category })),
  };
}
