import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, SCHEMAS_DIR, generateEventSchemaFiles } from '../events/contract/event-schemas.generator';

/** `npm run events:schemas`: regenerates the public event contract's JSON Schemas from the TypeScript event types. */
async function main(): Promise<void> {
  const dir = join(REPO_ROOT, SCHEMAS_DIR);
  await mkdir(dir, { recursive: true });
  const files = generateEventSchemaFiles();
  for (const [name, content] of files) await writeFile(join(dir, name), content);
  process.stdout.write(`Wrote ${files.size} files to ${SCHEMAS_DIR}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
