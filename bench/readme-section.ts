import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const TITLE = '# Benchmarks\n';

/**
 * Replaces one `## ` section of bench/README.md (from its heading line to the next `## ` heading outside a code
 * fence, or the end) with `section`, which starts with that heading; appends it when the README has no such
 * section. Every other section is kept, so each bench rewrites only its own figures.
 */
export function replaceSection(current: string, section: string): string {
  const heading = section.split('\n', 1)[0]!;
  if (!/^## \S/.test(heading)) throw new Error(`A README section starts with a '## ' heading, got '${heading}'`);
  const lines = current.split('\n');
  let start = -1;
  let end = lines.length;
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced || !line.startsWith('## ')) continue;
    if (start >= 0) {
      end = i;
      break;
    }
    if (line.trimEnd() === heading.trimEnd()) start = i;
  }
  const body = section.trimEnd();
  if (start < 0) return `${current.trimEnd()}\n\n${body}\n`;
  const before = lines.slice(0, start).join('\n');
  const after = lines.slice(end).join('\n');
  return [before.trimEnd(), body, after.trimEnd()].filter((part) => part !== '').join('\n\n') + '\n';
}

/** Writes `section` into the README at `path` (created with a title if missing), formatted with prettier if present. */
export async function writeReadmeSection(path: string, section: string): Promise<void> {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : TITLE;
  let text = replaceSection(current, section);
  try {
    const prettier = (await import('prettier')) as unknown as {
      format(source: string, options: Record<string, unknown>): Promise<string>;
      resolveConfig(file: string): Promise<Record<string, unknown> | null>;
    };
    text = await prettier.format(text, { ...((await prettier.resolveConfig(path)) ?? {}), filepath: path });
  } catch {
    // prettier is a dev dependency; without it the README is written as generated.
  }
  writeFileSync(path, text);
}
