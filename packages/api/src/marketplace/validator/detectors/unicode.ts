import type { FindingCode } from '../codes';
import { formatPath } from '../paths';
import { finding, type Finding } from '../types';

interface Kind {
  id: FindingCode;
  label: string;
  pattern: RegExp;
}

/**
 * Characters that change what people see without being visible themselves. Left-to-right and
 * right-to-left marks (U+200E, U+200F, U+061C) are left out: Hebrew and Arabic text needs them
 * and they cannot reorder text the way overrides and isolates can ("Trojan Source").
 */
const kinds: Kind[] = [
  {
    id: 'unicode.bidi-control',
    label: 'bidirectional control character',
    pattern: /[\u202A-\u202E\u2066-\u2069]/gu,
  },
  {
    id: 'unicode.tag-characters',
    label: 'invisible tag character',
    // Tag characters spell hidden ASCII ("ASCII smuggling"); the supplement's variation
    // selectors hide bytes the same way.
    // eslint-disable-next-line no-misleading-character-class -- single invisible code points on purpose
    pattern: /[\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu,
  },
  {
    id: 'unicode.zero-width',
    label: 'zero-width or invisible character',
    // eslint-disable-next-line no-misleading-character-class -- single invisible code points on purpose
    pattern: /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E\u00AD\u034F]/gu,
  },
];

/** ZWJ inside emoji sequences (👩‍💻) and ZWNJ between non-Latin letters (Persian) are ordinary. */
function isOrdinaryJoiner(text: string, index: number, char: string): boolean {
  const before = text.slice(Math.max(0, index - 2), index);
  const after = text.slice(index + 1, index + 3);
  if (char === '\u200D')
    return (
      /\p{Extended_Pictographic}\uFE0F?$/u.test(before) && /^\p{Extended_Pictographic}/u.test(after)
    );
  if (char === '\u200C')
    return /[^\p{Script=Latin}\P{L}]$/u.test(before) && /^[^\p{Script=Latin}\P{L}]/u.test(after);
  return false;
}

/** Decodes tag characters back to the ASCII they hide, to show people what was smuggled. */
function hiddenTagText(text: string): string {
  return [...text]
    .map((char) => char.codePointAt(0) ?? 0)
    .filter((code) => code >= 0xe0020 && code <= 0xe007e)
    .map((code) => String.fromCodePoint(code - 0xe0000))
    .join('');
}

function scanString(text: string, path: string, critical: boolean, findings: Finding[]): void {
  for (const kind of kinds) {
    const hits = [...text.matchAll(kind.pattern)].filter(
      (match) => !isOrdinaryJoiner(text, match.index, match[0]),
    );
    const first = hits[0];
    if (!first) continue;
    const code = first[0].codePointAt(0) ?? 0;
    const hidden = kind.id === 'unicode.tag-characters' ? hiddenTagText(text) : '';
    const message =
      `${hits.length} ${kind.label}${hits.length > 1 ? 's' : ''} (first U+${code.toString(16).toUpperCase().padStart(4, '0')} at character ${first.index + 1})` +
      (hidden ? `; they spell "${hidden.slice(0, 80)}"` : '') +
      (critical ? '. Invisible characters in a name make it look like another agent.' : '.');
    findings.push(finding(kind.id, path, message, critical ? 'critical' : undefined));
  }
}

/**
 * Scans every string and object key of the raw manifest, before the schema runs: a name with
 * a zero-width space fails the schema too, but this says why in terms a person can act on.
 */
export function detectInvisibleUnicode(raw: unknown): Finding[] {
  const findings: Finding[] = [];
  const walk = (value: unknown, path: PropertyKey[]): void => {
    if (typeof value === 'string') {
      const critical = path.length === 1 && (path[0] === 'name' || path[0] === 'displayName');
      scanString(value, formatPath(path), critical, findings);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        scanString(key, formatPath([...path, key]), false, findings);
        walk(item, [...path, key]);
      }
    }
  };
  walk(raw, []);
  return findings;
}
