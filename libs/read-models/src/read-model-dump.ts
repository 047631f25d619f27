/** One stored value, as every adapter reports it to `dump`. */
export type DumpEntry =
  | { type: 'string'; key: string; value: string }
  | { type: 'hash'; key: string; field: string; value: string }
  | { type: 'zset'; key: string; member: string; score: number };

/**
 * The one `dump` format all adapters share, so builds on different adapters compare byte for byte: a line per
 * entry (`string <key> <value>`, `hash <key> <field> <value>`, `zset <key> <member> <score>`), sorted, then
 * `checkpoint <position>`. Tokens are space-separated; one that is empty or holds whitespace, `"` or `\` is written
 * as a JSON string, so no two contents share a dump.
 */
export function formatDump(entries: Iterable<DumpEntry>, checkpoint: bigint | undefined): string {
  const lines: string[] = [];
  for (const e of entries) {
    switch (e.type) {
      case 'string':
        lines.push(line(e.type, e.key, e.value));
        break;
      case 'hash':
        lines.push(line(e.type, e.key, e.field, e.value));
        break;
      case 'zset':
        // `+ 0` folds -0 into 0, which not every store keeps apart.
        lines.push(line(e.type, e.key, e.member, String(e.score + 0)));
        break;
      default: {
        const never: never = e;
        throw new Error(`Unknown dump entry ${JSON.stringify(never)}`);
      }
    }
  }
  lines.sort();
  if (checkpoint !== undefined) lines.push(`checkpoint ${checkpoint}`);
  return lines.join('\n');
}

function line(...tokens: string[]): string {
  return tokens.map((t) => (/^[^\s"\\\p{Cc}]+$/u.test(t) ? t : JSON.stringify(t))).join(' ');
}
