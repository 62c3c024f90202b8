import { describe, expect, it } from 'vitest';
import { makeSnippet, SNIPPET_CHARS, splitSentences } from './snippet';
import { contentTerms, contentWords, stem, stripMarkdown, termsMatch } from './text';

describe('text helpers', () => {
  it('stems word forms so that they meet', () => {
    for (const [a, b] of [
      ['publishing', 'publish'],
      ['published', 'publishes'],
      ['cancelling', 'cancel'],
      ['keys', 'key'],
      ['running', 'run'],
      ['installation', 'install'],
    ] as const) {
      expect(termsMatch(stem(a), stem(b)), `${a} ~ ${b}`).toBe(true);
    }
    expect(termsMatch(stem('use'), stem('user'))).toBe(false);
  });

  it('keeps content words only', () => {
    expect(contentWords('How do I publish it, later?')).toEqual(['publish']);
    expect(contentTerms('What are the API keys?')).toEqual(['api', 'key']);
  });

  it('strips markdown to plain text', () => {
    expect(
      stripMarkdown(
        '## Title\n\n- **Bold** and `code` with [a link](http://x) and snake_case_name',
      ),
    ).toBe('Title Bold and code with a link and snake_case_name');
    expect(stripMarkdown('| a | b |\n| --- | --- |\n| 1 | 2 |')).toBe('a · b 1 · 2');
  });
});

describe('splitSentences', () => {
  it('splits paragraphs into sentences and list items into units', () => {
    expect(splitSentences('One sentence. Another `one` here.\n\n- Item one\n- Item two')).toEqual([
      'One sentence.',
      'Another `one` here.',
      'Item one',
      'Item two',
    ]);
  });

  it('attaches a short command to the sentence that introduces it and drops long code', () => {
    expect(
      splitSentences(
        'Start it with:\n\n```sh\nnpm start\n```\n\n```ts\n' + 'x;\n'.repeat(10) + '```',
      ),
    ).toEqual(['Start it with: `npm start`']);
  });
});

describe('makeSnippet', () => {
  it('starts at the sentence that matches the query best', () => {
    const markdown = 'Intro sentence about nothing. Cancel a task with `task.cancel`. Then more.';
    expect(makeSnippet(markdown, contentTerms('cancel task'))).toBe(
      '…Cancel a task with task.cancel. Then more.',
    );
  });

  it('is plain text of bounded length', () => {
    const snippet = makeSnippet(`**Word** ${'long text '.repeat(100)}`, ['word']);
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_CHARS);
    expect(snippet).not.toContain('**');
  });
});
