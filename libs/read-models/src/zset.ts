import type { ZMember, ZRangeOptions } from './read-model.port';

/** Redis ZRANGE BYSCORE semantics for stores without sorted sets: score, then member, ascending (or reversed). */
export function sortZMembers(members: ZMember[], options: ZRangeOptions = {}): ZMember[] {
  const min = options.min ?? -Infinity;
  const max = options.max ?? Infinity;
  const sorted = members
    .filter((m) => m.score >= min && m.score <= max)
    .sort((a, b) => a.score - b.score || compareCodePoints(a.member, b.member));
  if (options.reverse) sorted.reverse();
  const offset = options.offset ?? 0;
  return sorted.slice(offset, options.limit === undefined ? undefined : offset + options.limit);
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 (how Redis and SQLite order ties).
 * JavaScript's `<` compares UTF-16 units and puts astral characters (emoji) before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
