import { createHash } from 'node:crypto';
import { manifestSchema, type AgentManifest, type AgentManifestInput } from '@capecontrol/schema';

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level and no whitespace;
 * `undefined` properties are left out. For manifests (strings, finite numbers, booleans, null)
 * this is the JSON Canonicalization Scheme (RFC 8785), so other tools can reproduce a digest.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError('Canonical JSON has no form for NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new TypeError(`Canonical JSON has no form for a ${typeof value}`);
}

/**
 * The canonical form of a manifest: the exact bytes that are hashed, signed and stored. The
 * manifest is parsed first, so defaults are applied and two spellings of the same manifest
 * (key order, omitted defaults) give the same text. Throws if the manifest is invalid.
 */
export function canonicalManifest(manifest: AgentManifest | AgentManifestInput): string {
  return canonicalJson(manifestSchema.parse(manifest));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256 (hex) of the canonical manifest. */
export function manifestDigest(manifest: AgentManifest | AgentManifestInput): string {
  return sha256Hex(canonicalManifest(manifest));
}
