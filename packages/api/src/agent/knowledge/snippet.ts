import { contentTerms, stripMarkdown, termsMatch, truncate } from './text';

export const SNIPPET_CHARS = 240;

/**
 * A section's markdown as quotable units: sentences of paragraphs, one unit per list item or
 * table row, and a short code block (a command) as inline code, attached to the sentence that
 * introduces it ("Start it with: `npm start`"). Long code blocks are left out: they quote badly.
 * Inline markdown (`code`, **bold**) is kept; links become their text.
 */
export function splitSentences(markdown: string): string[] {
  const units: string[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    const text = paragraph.join(' ').replace(/\s+/g, ' ').trim();
    paragraph = [];
    if (!text) return;
    units.push(...text.split(/(?<=[.!?])\s+(?=[A-Z`"'(*[])/).filter((part) => part.length > 1));
  };
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      const code: string[] = [];
      while (++index < lines.length && !/^\s*(```|~~~)/.test(lines[index] as string))
        code.push((lines[index] as string).trim());
      attachCode(units, code.filter(Boolean));
    } else if (/^\s*\|/.test(line)) {
      flush();
      if (!/^\s*\|?\s*:?-{3,}/.test(line)) {
        const cells = line
          .split('|')
          .map((cell) => cell.trim())
          .filter(Boolean);
        if (cells.length) units.push(cells.join(': '));
      }
    } else if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(line)) {
      flush();
      paragraph.push(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
    } else if (/^\s*#{1,6}\s/.test(line) || !line.trim()) {
      flush();
    } else {
      paragraph.push(line.replace(/^\s*>\s?/, ''));
    }
  }
  flush();
  return units;
}

function attachCode(units: string[], code: string[]): void {
  if (code.length === 0 || code.length > 3 || code.some((line) => line.length > 100)) return;
  const inline = code.map((line) => `\`${line.replace(/`/g, "'")}\``).join(', then ');
  const last = units.at(-1);
  if (last?.endsWith(':')) units[units.length - 1] = `${last} ${inline}`;
  else units.push(inline);
}

/** How many of `terms` (stemmed) appear in `text`. */
export function termOverlap(text: string, terms: readonly string[]): number {
  const words = contentTerms(text);
  return terms.filter((term) => words.some((word) => termsMatch(word, term))).length;
}

/**
 * Plain text from the best-matching sentence of the section onwards, at most SNIPPET_CHARS
 * long; the section's start when nothing matches.
 */
export function makeSnippet(markdown: string, terms: readonly string[]): string {
  const sentences = splitSentences(markdown).map(stripMarkdown).filter(Boolean);
  if (sentences.length === 0) return truncate(stripMarkdown(markdown), SNIPPET_CHARS);
  let best = 0;
  let bestScore = 0;
  sentences.forEach((sentence, index) => {
    const score = termOverlap(sentence, terms);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  const text = sentences.slice(best).join(' ');
  return (best > 0 ? '…' : '') + truncate(text, SNIPPET_CHARS);
}
