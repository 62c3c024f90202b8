import { describe, expect, test } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

describe('parseMarkdown', () => {
  test('paragraphs, lists and fenced code', () => {
    const blocks = parseMarkdown(
      'First line\ncontinues.\n\n- one\n- two\n  wrapped\n\n1. first\n2) second\n\n```sh\ncape publish\n```\nAfter.',
    );
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'First line continues.' }] },
      {
        type: 'list',
        ordered: false,
        items: [[{ type: 'text', text: 'one' }], [{ type: 'text', text: 'two wrapped' }]],
      },
      {
        type: 'list',
        ordered: true,
        items: [[{ type: 'text', text: 'first' }], [{ type: 'text', text: 'second' }]],
      },
      { type: 'code', text: 'cape publish' },
      { type: 'paragraph', children: [{ type: 'text', text: 'After.' }] },
    ]);
  });

  test('an unclosed fence mid-stream keeps what has arrived as code', () => {
    expect(parseMarkdown('Run:\n```\nnpm start')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Run:' }] },
      { type: 'code', text: 'npm start' },
    ]);
  });

  test('headings', () => {
    expect(parseMarkdown('## Steps\n# Top')).toEqual([
      { type: 'heading', level: 2, children: [{ type: 'text', text: 'Steps' }] },
      { type: 'heading', level: 1, children: [{ type: 'text', text: 'Top' }] },
    ]);
  });
});

describe('parseInline', () => {
  test('code, bold, citations and links', () => {
    expect(
      parseInline('Use `cape publish` **now** [2] or see [the docs](https://example.com/x).'),
    ).toEqual([
      { type: 'text', text: 'Use ' },
      { type: 'code', text: 'cape publish' },
      { type: 'text', text: ' ' },
      { type: 'strong', children: [{ type: 'text', text: 'now' }] },
      { type: 'text', text: ' ' },
      { type: 'citation', index: 2 },
      { type: 'text', text: ' or see ' },
      {
        type: 'link',
        href: 'https://example.com/x',
        children: [{ type: 'text', text: 'the docs' }],
      },
      { type: 'text', text: '.' },
    ]);
  });

  test('markup inside bold, and emphasis', () => {
    expect(parseInline('**A `role`** and *this*')).toEqual([
      {
        type: 'strong',
        children: [
          { type: 'text', text: 'A ' },
          { type: 'code', text: 'role' },
        ],
      },
      { type: 'text', text: ' and ' },
      { type: 'em', children: [{ type: 'text', text: 'this' }] },
    ]);
  });

  test('text cut off mid-stream stays text', () => {
    expect(parseInline('it). [3] **A ')).toEqual([
      { type: 'text', text: 'it). ' },
      { type: 'citation', index: 3 },
      { type: 'text', text: ' **A ' },
    ]);
  });

  test('only http(s) links become links', () => {
    expect(parseInline('[x](javascript:alert(1))')).toEqual([
      { type: 'text', text: '[x](javascript:alert(1))' },
    ]);
  });

  test('a multiplication is not emphasis', () => {
    expect(parseInline('2 * 3 * 4')).toEqual([{ type: 'text', text: '2 * 3 * 4' }]);
  });
});
