import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkMarkdown, MAX_CHUNK_CHARS } from './chunker';
import { builtinDocs } from './docs/builtin-docs.generated';
import { docsDirectory, GENERATED_FILE, readMarkdownDocs, renderDocsModule } from './docs/generate';

describe('the shipped documentation', () => {
  it('is what the generated module carries (run docs/generate.ts after editing a .md file)', () => {
    const expected = renderDocsModule(readMarkdownDocs(docsDirectory));
    const actual = readFileSync(`${docsDirectory}/${GENERATED_FILE}`, 'utf8');
    // A boolean, not a diff of two very long strings.
    expect(actual === expected, `${GENERATED_FILE} is stale`).toBe(true);
  });

  it('has at least ten substantial documents with distinct slugs and titles', () => {
    expect(builtinDocs.length).toBeGreaterThanOrEqual(10);
    expect(new Set(builtinDocs.map((doc) => doc.slug)).size).toBe(builtinDocs.length);
    expect(new Set(builtinDocs.map((doc) => doc.title)).size).toBe(builtinDocs.length);
    for (const doc of builtinDocs) {
      expect(doc.body.length, doc.slug).toBeGreaterThan(1_500);
      expect(chunkMarkdown(doc.title, doc.body).length, doc.slug).toBeGreaterThanOrEqual(4);
    }
  });

  it('chunks into citeable sections of a sensible size', () => {
    for (const doc of builtinDocs) {
      for (const chunk of chunkMarkdown(doc.title, doc.body)) {
        expect(chunk.content.length, chunk.heading).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
        expect(chunk.content.trim().length, chunk.heading).toBeGreaterThan(40);
      }
    }
  });

  it('names every procedure of the API contract', () => {
    const all = builtinDocs.map((doc) => doc.body).join('\n');
    for (const procedure of [
      'task.create',
      'task.get',
      'task.list',
      'task.cancel',
      'task.retry',
      'task.stream',
      'agent.guide.ask',
      'agent.guide.stream',
      'agent.guide.health',
      'agent.domainSpecialist.ask',
      'marketplace.search',
      'marketplace.agents.list',
      'marketplace.agents.get',
      'marketplace.agents.publish',
      'marketplace.agents.install',
      'marketplace.agents.installPlan',
      'marketplace.agents.update',
      'marketplace.agents.uninstall',
      'marketplace.analytics',
      'marketplace.trending',
      'marketplace.categories',
    ]) {
      expect(all, procedure).toContain(procedure);
    }
  });
});
