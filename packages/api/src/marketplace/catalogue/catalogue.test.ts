import {
  CAPECONTROL_VERSION,
  manifestSchema,
  marketplaceCategories,
  type AgentManifest,
} from '@capecontrol/schema';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import type { RegistryVersion } from '../resolver';
import { searchManifestKnowledge } from '../runtime/offline-answer';
import { enginesAllow, validateManifest } from '../validator';
import { catalogue, publishOrder } from './catalogue';

const order = publishOrder(catalogue);
const agents = catalogue.flatMap((publisher) => publisher.agents);
const newest = new Map(
  agents.map((agent) => [agent.name, manifestSchema.parse(agent.versions.at(-1)?.manifest)]),
);

describe('the seed catalogue', () => {
  it('has at least 32 agents over all ten categories from at least five publishers', () => {
    expect(agents.length).toBeGreaterThanOrEqual(32);
    expect(catalogue.length).toBeGreaterThanOrEqual(5);
    expect(catalogue.find((publisher) => publisher.scope === 'capecontrol')?.verified).toBe(true);
    for (const category of marketplaceCategories) {
      const count = [...newest.values()].filter((manifest) => manifest.category === category);
      expect(count.length, category).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(agents.map((agent) => agent.name)).size).toBe(agents.length);
    for (const publisher of catalogue) {
      for (const agent of publisher.agents)
        expect(agent.name.startsWith(`${publisher.scope}/`)).toBe(true);
    }
  });

  it('has several versions, deprecations with messages, yanks with reasons and one incompatible agent', () => {
    const versions = agents.flatMap((agent) => agent.versions);
    expect(agents.filter((agent) => agent.versions.length >= 3).length).toBeGreaterThanOrEqual(3);
    expect(versions.filter((version) => version.deprecated).length).toBeGreaterThanOrEqual(3);
    expect(versions.filter((version) => version.yanked).length).toBeGreaterThanOrEqual(2);
    const incompatible = agents.filter(
      (agent) =>
        !enginesAllow(
          agent.versions.at(-1)?.manifest.engines.capecontrol ?? '',
          CAPECONTROL_VERSION,
        ),
    );
    expect(incompatible.map((agent) => agent.name)).toEqual(['inkwell/newsletter-studio']);
    for (const agent of agents) {
      const numbers = agent.versions.map((version) => version.manifest.version);
      expect([...numbers].sort(semver.compare), agent.name).toEqual(numbers);
      // A yanked or deprecated newest version would leave nothing good to install.
      expect(
        agent.versions.some((version) => !version.yanked),
        agent.name,
      ).toBe(true);
    }
  });

  it('publishes dependencies before their dependents', () => {
    const seen = new Set<string>();
    for (const { version } of order) {
      for (const dependency of Object.keys(version.manifest.dependencies ?? {})) {
        expect(seen.has(dependency), `${version.manifest.name} needs ${dependency} first`).toBe(
          true,
        );
      }
      seen.add(version.manifest.name);
    }
    expect(order).toHaveLength(agents.flatMap((agent) => agent.versions).length);
  });

  it('validates every version as the publish pipeline would: never blocked, warnings listed', () => {
    const registry = new Map<string, RegistryVersion[]>();
    const popularNames: string[] = [];
    const warnings: string[] = [];
    for (const { version } of order) {
      const { manifest } = version;
      const range = manifest.engines.capecontrol;
      const platformVersion = enginesAllow(range, CAPECONTROL_VERSION)
        ? CAPECONTROL_VERSION
        : (semver.minVersion(range)?.version ?? CAPECONTROL_VERSION);
      const report = validateManifest(manifest, {
        platformVersion,
        registry: { versions: (name) => registry.get(name) ?? [] },
        popularNames,
        advisories: [],
      });
      const id = `${manifest.name}@${manifest.version}`;
      expect(report.schemaErrors, id).toEqual([]);
      expect(report.verdict, id).not.toBe('blocked');
      for (const finding of report.findings.filter((f) => f.severity !== 'info')) {
        warnings.push(
          `${id}: ${finding.severity} ${finding.id} at ${finding.path}: ${finding.message}`,
        );
      }
      registry.set(manifest.name, [
        ...(registry.get(manifest.name) ?? []),
        {
          version: manifest.version,
          dependencies: manifest.dependencies ?? {},
          enginesRange: range,
          yanked: false,
        },
      ]);
      if (!popularNames.includes(manifest.name)) popularNames.push(manifest.name);
    }
    console.info(
      warnings.length === 0
        ? 'catalogue validation: every version passes with no warnings'
        : `catalogue validation warnings:\n${warnings.join('\n')}`,
    );
  });

  it('has workflows whose steps call dependencies, including a chain of depth 3 and a diamond', () => {
    const workflows = [...newest.values()].filter((manifest) => manifest.kind === 'workflow');
    expect(workflows.length).toBeGreaterThanOrEqual(4);
    const depth = (manifest: AgentManifest): number =>
      manifest.kind === 'prompt'
        ? 1
        : 1 +
          Math.max(
            ...Object.keys(manifest.dependencies).map((name) =>
              depth(newest.get(name) as AgentManifest),
            ),
          );
    // release-manager → release-notes-pipeline → social-pipeline → tone-editor
    expect(
      depth(newest.get('capecontrol/release-manager') as AgentManifest),
    ).toBeGreaterThanOrEqual(4);
    expect(Math.max(...workflows.map(depth))).toBeGreaterThanOrEqual(3);

    const closure = (name: string): Set<string> => {
      const manifest = newest.get(name) as AgentManifest;
      return new Set(
        Object.keys(manifest.dependencies).flatMap((dependency) => [
          dependency,
          ...closure(dependency),
        ]),
      );
    };
    const diamonds = workflows.filter((manifest) => {
      const [first, second] = (manifest.workflow?.steps ?? []).map((step) => closure(step.agent));
      return first && second && [...first].some((name) => second.has(name));
    });
    expect(diamonds.map((manifest) => manifest.name)).toContain('inkwell/content-studio');
  });

  it('gives every prompt agent knowledge its example request retrieves offline', () => {
    for (const agent of agents.filter((entry) => entry.kind === 'prompt')) {
      const manifest = newest.get(agent.name) as AgentManifest;
      expect(manifest.knowledge.length, agent.name).toBeGreaterThan(0);
      expect(
        manifest.knowledge.every((document) => /^## /m.test(document.body)),
        agent.name,
      ).toBe(true);
      expect(manifest.readme).toContain(agent.sample);
      expect(searchManifestKnowledge(manifest, agent.sample).length, agent.name).toBeGreaterThan(0);
    }
  });
});
