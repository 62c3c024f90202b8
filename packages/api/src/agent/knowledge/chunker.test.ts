import { describe, expect, it } from 'vitest';
import { chunkMarkdown, MAX_CHUNK_CHARS } from './chunker';

describe('chunkMarkdown', () => {
  it('turns #, ## and ### headings into heading paths under the document title', () => {
    const chunks = chunkMarkdown(
      'Publishing agents',
      [
        '# Publishing agents',
        '',
        'Intro text.',
        '',
        '## Versioning',
        '',
        'Versions are immutable.',
        '',
        '### Yanking',
        '',
        'Yank a bad version.',
        '',
        '## Deprecating',
        '',
        'Deprecate old versions.',
      ].join('\n'),
    );
    expect(chunks.map((chunk) => [chunk.ordinal, chunk.heading, chunk.content])).toEqual([
      [0, 'Publishing agents', 'Intro text.'],
      [1, 'Publishing agents › Versioning', 'Versions are immutable.'],
      [2, 'Publishing agents › Versioning › Yanking', 'Yank a bad version.'],
      [3, 'Publishing agents › Deprecating', 'Deprecate old versions.'],
    ]);
  });

  it('leaves #### headings, and # lines inside code blocks, in the section text', () => {
    const body = '## Setup\n\n```sh\n# not a heading\nnpm start\n```\n\n#### Detail\n\nMore.';
    const chunks = chunkMarkdown('Doc', body);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.heading).toBe('Doc › Setup');
    expect(chunks[0]?.content).toContain('# not a heading');
    expect(chunks[0]?.content).toContain('#### Detail');
  });

  it('skips sections without text and strips markdown from headings', () => {
    const chunks = chunkMarkdown(
      'Doc',
      '## The `task.create` [procedure](x)\n\nText.\n\n## Empty\n\n### Child\n\nBody.',
    );
    expect(chunks.map((chunk) => chunk.heading)).toEqual([
      'Doc › The task.create procedure',
      'Doc › Empty › Child',
    ]);
  });

  it('splits a long section at paragraph breaks into parts that share its heading', () => {
    const paragraph = (n: number) => `Paragraph ${n} ${'lorem ipsum '.repeat(40).trim()}.`;
    const body = `## Long\n\n${Array.from({ length: 8 }, (_, n) => paragraph(n)).join('\n\n')}`;
    const chunks = chunkMarkdown('Doc', body);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.heading).toBe('Doc › Long');
      expect(chunk.content.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
      expect(chunk.content.startsWith('Paragraph')).toBe(true);
    }
    expect(chunks.map((chunk) => chunk.content).join('\n\n')).toBe(
      body.slice('## Long\n\n'.length),
    );
  });

  it('never splits inside a code block, even a long one', () => {
    const code = `\`\`\`ts\n${'const x = 1;\n\n'.repeat(200)}\`\`\``;
    const chunks = chunkMarkdown('Doc', `## Code\n\nBefore.\n\n${code}\n\nAfter.`);
    expect(chunks.some((chunk) => chunk.content === code)).toBe(true);
  });

  it('splits a huge table into row groups that repeat its header', () => {
    const rows = Array.from({ length: 60 }, (_, n) => `| VAR_${n} | ${'a setting '.repeat(4)}|`);
    const table = ['| variable | meaning |', '| --- | --- |', ...rows].join('\n');
    const chunks = chunkMarkdown('Doc', `## Table\n\n${table}`);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks)
      expect(chunk.content.startsWith('| variable | meaning |\n| --- | --- |')).toBe(true);
  });

  it('splits one enormous line at sentence ends', () => {
    const line = Array.from({ length: 80 }, (_, n) => `Sentence number ${n} is here.`).join(' ');
    const chunks = chunkMarkdown('Doc', line);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.content.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
  });

  it('handles CRLF line ends and a body with no headings', () => {
    const chunks = chunkMarkdown('Notes', 'First line.\r\nSecond line.\r\n');
    expect(chunks).toEqual([
      { ordinal: 0, heading: 'Notes', content: 'First line.\nSecond line.' },
    ]);
  });
});
