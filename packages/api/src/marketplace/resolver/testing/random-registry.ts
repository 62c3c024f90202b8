/**
 * fast-check generators of small random registries: up to 5 packages × 4 versions, random
 * dependencies (including on a package that does not exist, on themselves, and ranges that
 * match nothing or do not parse), yanked versions, engines that exclude the platform, a
 * prerelease, and optional pins and preferred versions.
 */
import fc from 'fast-check';
import type { RegistryVersion } from '../types';
import type { Problem } from './brute-force';

export const PACKAGE_NAMES = ['acme/a', 'acme/b', 'acme/c', 'acme/d', 'acme/e'];
const GHOST = 'acme/ghost';
const VERSIONS = ['0.9.0', '1.0.0', '1.1.0', '1.2.0-beta.1', '1.2.0', '2.0.0', '2.1.0'];
const COMMON_RANGES = [
  ...['*', '*', '*', '*', '>=0.9.0', '>=1.0.0', '^1.0.0', '^1.0.0', '^1.0.0'],
  ...['^2.0.0', '>=1.1.0', '<2.0.0', '~1.1.0', '1.0.0', '>=1.0.0 <2.1.0'],
];
const ODD_RANGES = ['^1.2.0-beta.0', '^9.0.0', 'not a range'];
const ENGINES = ['*', '>=0.1.0', '^0.1.0', '>=0.2.0', '>=0.1.0 <0.1.0'];
export const PLATFORM = '0.1.0';

const range = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMON_RANGES), weight: 20 },
  { arbitrary: fc.constantFrom(...ODD_RANGES), weight: 1 },
);

/** A reference to a package: usually one in the registry, sometimes one that does not exist. */
const reference = (names: string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...names), weight: 30 },
    { arbitrary: fc.constant(GHOST), weight: 1 },
  );

const requirements = (names: string[], minLength: number, maxLength: number) =>
  fc.array(fc.tuple(reference(names), range), { minLength, maxLength });

const version = (names: string[], number: string): fc.Arbitrary<RegistryVersion> =>
  fc.record({
    version: fc.constant(number),
    dependencies: fc
      .oneof(
        { arbitrary: fc.constant([]), weight: 2 },
        { arbitrary: requirements(names, 1, 3), weight: 3 },
      )
      .map((pairs) => Object.fromEntries(pairs)),
    enginesRange: fc.oneof(
      { arbitrary: fc.constant('*'), weight: 8 },
      { arbitrary: fc.constantFrom(...ENGINES), weight: 2 },
    ),
    yanked: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  });

const packageVersions = (names: string[]) =>
  fc
    .subarray(VERSIONS, { minLength: 2, maxLength: 4 })
    .chain((numbers) => fc.tuple(...numbers.map((number) => version(names, number))));

/** Mostly nothing; else a version that exists (possibly yanked), sometimes one that does not. */
const choice = (packages: Record<string, RegistryVersion[]>) => {
  const existing = Object.entries(packages).flatMap(([name, list]) =>
    list.map((entry): [string, string] => [name, entry.version]),
  );
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 6 },
    { arbitrary: fc.constantFrom(...existing), weight: 3 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...Object.keys(packages)), fc.constantFrom(...VERSIONS)),
      weight: 1,
    },
  );
};

export const problems: fc.Arbitrary<Problem> = fc
  .subarray(PACKAGE_NAMES, { minLength: 1 })
  .chain((names) =>
    fc
      .tuple(fc.tuple(...names.map(() => packageVersions(names))), requirements(names, 1, 3))
      .map(([lists, root]) => ({
        packages: Object.fromEntries(names.map((name, index) => [name, lists[index] ?? []])),
        root: root.map(([name, range]) => ({ name, range })),
      })),
  )
  .chain(({ packages, root }) =>
    fc.tuple(choice(packages), choice(packages)).map(([pin, preferred]): Problem => ({
      packages,
      root,
      platformVersion: PLATFORM,
      ...(pin ? { pins: { [pin[0]]: pin[1] } } : {}),
      ...(preferred ? { preferred: { [preferred[0]]: preferred[1] } } : {}),
    })),
  );
