/**
 * Plain-text helpers shared by the chunker, the search snippets and the Guide's extractive
 * answers. Matching here is deliberately light (a small stop list and suffix stripping): the
 * database does the real ranking; these only pick sentences inside passages it already chose.
 */

const STOP_WORDS = new Set(
  (
    'a about above after again all also am an and any are as at be been before being below between both but by ' +
    'can could did do does doing done down during each else even ever few for from further get gets got had has have ' +
    'having he her here hers him his how i if in into is it its itself just let like me more most much must my ' +
    'need needs no nor not now of off on once one only or other our ours out over own please same she should so ' +
    'some such tell than that the their theirs them then there these they this those through to too under until ' +
    'up us use used using very want was way we well were what when where which while who whom why will with would ' +
    'you your yours yourself thing things something anything ok okay thanks thank show explain know work works ' +
    'capecontrol cape later happen happens happened mean means meant exactly actually really maybe ' +
    'instead still possible able go going'
  ).split(' '),
);

/** Words that make a question lean on what came before ("how do I publish it?"). */
export const REFERRING_WORDS = new Set([
  'it',
  'its',
  'this',
  'that',
  'these',
  'those',
  'they',
  'them',
  'their',
  'there',
  'here',
  'one',
  'ones',
  'same',
  'above',
  'else',
]);

/** Lower-case word tokens; dotted or dashed names (`task.create`) also yield their parts. */
export function tokenize(text: string, options: { parts?: boolean } = {}): string[] {
  const tokens: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:[._-][\p{L}\p{N}]+)*/gu)) {
    const token = match[0];
    tokens.push(token);
    if (options.parts !== false && /[._-]/.test(token)) tokens.push(...token.split(/[._-]/));
  }
  return tokens;
}

/** Words as written (lower case), without stop words, numbers or repeats: a search query. */
export function contentWords(text: string): string[] {
  const words = tokenize(text, { parts: false }).filter(
    (token) => token.length >= 2 && !isStopWord(token) && !/^\d+$/.test(token),
  );
  return [...new Set(words)];
}

const SUFFIXES = [
  ['ations', 'ate'],
  ['ation', 'ate'],
  ['ings', ''],
  ['ing', ''],
  ['ies', 'y'],
  ['ied', 'y'],
  ['ments', ''],
  ['ment', ''],
  ['ers', ''],
  ['er', ''],
  ['ed', ''],
  ['es', ''],
  ['s', ''],
] as const;

/** A light stemmer: enough for "publishing" and "published" to meet "publish" (see termsMatch). */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  for (const [suffix, replacement] of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
    if (suffix === 's' && /(ss|us|is)$/.test(word)) continue;
    let base = word.slice(0, -suffix.length) + replacement;
    // "running" → "runn" → "run"; "cancelling" keeps its "ll" and meets "cancel" by prefix.
    if (replacement === '' && /([b-df-hj-km-np-rt-vxz])\1$/.test(base)) base = base.slice(0, -1);
    return base.replace(/e$/, '');
  }
  return word.replace(/e$/, '');
}

/** Stems match when equal, or when the shorter (four letters or more) starts the longer. */
export function termsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word) || REFERRING_WORDS.has(word);
}

/** Stemmed content words, in order of first appearance, without repeats. */
export function contentTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    if (token.length < 2 || isStopWord(token) || /^\d+$/.test(token)) continue;
    terms.add(stem(token));
  }
  return [...terms];
}

/** Markdown to one line of plain text, for snippets and heading paths. */
export function stripMarkdown(markdown: string): string {
  return markdown
    .replace(/^\s*(```|~~~).*$/gm, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<(https?:[^>\s]+)>/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, ' ')
    .replace(/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/gm, ' ')
    .replace(/^\s*\|(.*?)\|?\s*$/gm, (_row, cells: string) =>
      cells
        .split('|')
        .map((cell) => cell.trim())
        .join(' · '),
    )
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cuts `text` to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.(-]+$/, '')}…`;
}
