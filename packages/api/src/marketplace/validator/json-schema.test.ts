import { describe, expect, it } from 'vitest';
import { manifestJsonSchemaText, readCommittedManifestJsonSchema } from './json-schema';

describe('manifest JSON Schema', () => {
  it('is committed up to date (regenerate: npx tsx packages/api/src/marketplace/validator/json-schema.ts)', () => {
    expect(readCommittedManifestJsonSchema()).toEqual(JSON.parse(manifestJsonSchemaText()));
  });

  it('describes the editor-facing shape: strict object, both kinds, the ten categories', () => {
    const schema = JSON.parse(manifestJsonSchemaText()) as {
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { enum?: string[] }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['name', 'version', 'engines', 'kind', 'category', 'license']),
    );
    expect(schema.properties.kind?.enum).toEqual(['prompt', 'workflow']);
    expect(schema.properties.category?.enum).toHaveLength(10);
  });
});
