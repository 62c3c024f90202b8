import type { AgentManifestInput } from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalManifest, manifestDigest } from './canonical';
import { promptInput } from './test-manifests';

describe('canonical manifest', () => {
  it('sorts keys at every level and leaves out whitespace and undefined', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 'x' }], a: { d: null, c: true, u: undefined } })).toBe(
      '{"a":{"c":true,"d":null},"b":[{"a":"x","z":1}]}',
    );
  });

  it('gives the same text and digest for two spellings of one manifest', () => {
    const input = promptInput();
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as AgentManifestInput;
    const withDefaults = { ...input, manifestVersion: 1 as const, knowledge: [], config: [] };
    expect(canonicalManifest(reordered)).toBe(canonicalManifest(input));
    expect(manifestDigest(withDefaults)).toBe(manifestDigest(input));
    expect(manifestDigest(input)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies defaults, so the signed bytes say what will run', () => {
    const text = canonicalManifest(promptInput());
    expect(text).toContain('"maxTokens":1024');
    expect(text).toContain('"permissions":{"network":[],"tools":[]}');
    expect(text).not.toMatch(/\s{2}|\n/);
  });

  it('changes the digest when any content changes', () => {
    expect(manifestDigest(promptInput({ version: '1.2.1' }))).not.toBe(
      manifestDigest(promptInput()),
    );
  });

  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
  });
});
