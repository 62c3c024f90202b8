import { describe, expect, test } from 'vitest';
import { csrfTokenFrom, readCookie } from './csrf';

describe('CSRF cookie', () => {
  test('reads one cookie among others', () => {
    expect(readCookie('theme=dark; cape_csrf=abc.def; other=1', 'cape_csrf')).toBe('abc.def');
    expect(readCookie('xcape_csrf=nope', 'cape_csrf')).toBeNull();
    expect(readCookie('', 'cape_csrf')).toBeNull();
  });

  test('prefers the __Host- cookie over https and the plain one over http', () => {
    const both = '__Host-cape_csrf=secure; cape_csrf=plain';
    expect(csrfTokenFrom(both, true)).toBe('secure');
    expect(csrfTokenFrom(both, false)).toBe('plain');
    expect(csrfTokenFrom('cape_csrf=plain', true)).toBe('plain');
  });
});
