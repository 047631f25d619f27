import { createHash } from 'node:crypto';

/**
 * A name-based UUID (version 5 layout, SHA-1 over the parts): the same parts always give the same id, so a retried
 * command — same command id — appends the same event ids and the store recognises the retry (DESIGN.md §4 rule 3).
 */
export function deterministicEventId(...parts: readonly (string | number | bigint)[]): string {
  const hash = createHash('sha1').update(parts.map(String).join('\u0000')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
