import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manifestJsonSchema } from '@capecontrol/schema';

/** Where editors find the manifest's JSON Schema (committed; a test keeps it current). */
export const manifestJsonSchemaFile = fileURLToPath(
  new URL('../../../../schema/manifest.schema.json', import.meta.url),
);

export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}

export function readCommittedManifestJsonSchema(): unknown {
  return JSON.parse(readFileSync(manifestJsonSchemaFile, 'utf8'));
}

// `npx tsx packages/api/src/marketplace/validator/json-schema.ts` rewrites the file; run
// prettier on it afterwards (the test compares parsed JSON, so formatting does not matter).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(manifestJsonSchemaFile, manifestJsonSchemaText());
  console.log(`wrote ${manifestJsonSchemaFile}`);
}
