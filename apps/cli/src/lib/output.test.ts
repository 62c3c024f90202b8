import { describe, expect, it } from 'vitest';
import { clean, compactNumber, createStyle, table, truncate, visibleWidth } from './output';

const plain = createStyle(false);

describe('terminal output', () => {
  it('strips control characters from text it did not write itself', () => {
    expect(clean('ok\u001b]0;pwned\u0007 text\r\nnext\ttab\u009b')).toBe(
      'ok]0;pwned text\nnext\ttab',
    );
  });

  it('colours only when enabled', () => {
    expect(createStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(plain.red('x')).toBe('x');
    expect(visibleWidth(createStyle(true).bold('abc'))).toBe(3);
  });

  it('truncates the flexible column so rows fit the terminal', () => {
    const lines = table(
      [
        { header: 'NAME' },
        { header: 'N', align: 'right' },
        { header: 'DESCRIPTION', flexible: true },
      ],
      [
        ['acme/a', '5', 'A description that is far too long for a narrow terminal'],
        ['acme/bb', '12', 'Short'],
      ],
      { style: plain, maxWidth: 40 },
    );
    expect(lines).toEqual([
      'NAME      N  DESCRIPTION',
      'acme/a    5  A description that is far…',
      'acme/bb  12  Short',
    ]);
    expect(Math.max(...lines.map(visibleWidth))).toBeLessThanOrEqual(40);
  });

  it('formats counts compactly', () => {
    expect([999, 1_200, 10_000, 34_567, 1_500_000].map(compactNumber)).toEqual([
      '999',
      '1.2k',
      '10k',
      '35k',
      '1.5M',
    ]);
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
