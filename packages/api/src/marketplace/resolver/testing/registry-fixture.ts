import { InMemoryRegistry } from '../load-registry';
import { resolve } from '../resolve';
import type { RegistryVersion, ResolutionResult, ResolveRequest } from '../types';

export interface VersionSpec {
  deps?: Record<string, string>;
  engines?: string;
  yanked?: boolean;
  deprecated?: string;
}

/** Builds a registry from `{ name: { version: { deps, engines, yanked } } }`; engines default to `*`. */
export function registry(spec: Record<string, Record<string, VersionSpec>>): InMemoryRegistry {
  return new InMemoryRegistry(
    Object.entries(spec).map(([name, versions]) => [
      name,
      Object.entries(versions).map(([version, v]): RegistryVersion => ({
        version,
        dependencies: v.deps ?? {},
        enginesRange: v.engines ?? '*',
        yanked: v.yanked ?? false,
        deprecated: v.deprecated ?? null,
      })),
    ]),
  );
}

/** `root` as `{ name: range }`, platform 0.1.0 unless given. */
export function solve(
  spec: Record<string, Record<string, VersionSpec>>,
  root: Record<string, string>,
  options: Partial<Omit<ResolveRequest, 'root' | 'registry'>> = {},
): ResolutionResult {
  return resolve({
    root: Object.entries(root).map(([name, range]) => ({ name, range })),
    registry: registry(spec),
    platformVersion: '0.1.0',
    ...options,
  });
}
