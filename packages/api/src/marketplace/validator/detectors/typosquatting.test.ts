import { describe, expect, it } from 'vitest';
import { parse, promptInput } from '../test-manifests';
import { editDistance } from './edit-distance';
import { detectTyposquatting } from './typosquatting';

const popular = ['acme/summariser', 'globex/pdf-extractor', 'initech/sql-helper', 'cape/qa'];
const check = (name: string) =>
  detectTyposquatting(parse(promptInput({ name })), popular).map((f) => f.message);

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(editDistance('summariser', 'summarizer')).toBe(1);
    expect(editDistance('summariser', 'sumamriser')).toBe(1);
    expect(editDistance('summariser', 'sumariser')).toBe(1);
    expect(editDistance('acme', 'acrne')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('stops early past the limit', () => {
    expect(editDistance('completely', 'different-name', 2)).toBe(3);
  });
});

describe('detectTyposquatting', () => {
  it.each([
    ['other/summarizer', 'acme/summariser'],
    ['other/sumariser', 'acme/summariser'],
    ['acrne/summariser', 'acme/summariser'],
    ['globexx/pdf-extractor', 'globex/pdf-extractor'],
    ['evil/pdf-extarctor', 'globex/pdf-extractor'],
  ])('flags %s as close to %s', (name, target) => {
    const messages = check(name);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`"${target}"`);
  });

  it.each([
    ['acme/summariser', 'itself'],
    ['globex/pdf-extractors', 'the same publisher'],
    ['acme/summarizer', 'the same publisher, one edit away'],
    ['other/summariser', 'the same agent name under another scope (zero edits)'],
    ['other/qb', 'a short name, where one edit is a different name'],
    ['acme/translator', 'an unrelated name'],
  ])('does not flag %s (%s)', (name) => {
    expect(check(name)).toEqual([]);
  });
});
