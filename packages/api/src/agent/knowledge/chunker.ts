import { stripMarkdown } from './text';

/** One citeable passage of a document. */
export interface KnowledgeChunk {
  ordinal: number;
  /** Heading path from the document title down, e.g. "Publishing agents › Versioning". */
  heading: string;
  /** The section's markdown, without its heading line. */
  content: string;
}

/**
 * Bump when chunking changes: it is part of every document's content hash, so the next seed
 * re-chunks the shipped documents.
 */
export const CHUNKER_VERSION = 1;

/** Long enough for a whole typical section, short enough to quote and to fit several in a prompt. */
export const MAX_CHUNK_CHARS = 1_600;
export const HEADING_SEPARATOR = ' › ';

const HEADING = /^(#{1,3})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;

interface Section {
  path: string[];
  lines: string[];
}

/**
 * Splits markdown into sections at `#`, `##` and `###` headings (a leading `#` heading is the
 * document's own title and starts no section), then splits sections longer than
 * MAX_CHUNK_CHARS at paragraph breaks. Code blocks are never split and their `#` lines are
 * not headings.
 */
export function chunkMarkdown(title: string, body: string): KnowledgeChunk[] {
  const sections: Section[] = [];
  const stack: string[] = [];
  let current: Section = { path: [], lines: [] };
  let inFence = false;
  let seenContent = false;

  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    if (!heading) {
      current.lines.push(line);
      if (line.trim()) seenContent = true;
      continue;
    }
    const level = (heading[1] as string).length;
    const text = stripMarkdown(heading[2] as string);
    if (level === 1 && !seenContent && sections.length === 0 && stack.length === 0) continue;
    sections.push(current);
    stack.length = level - 1;
    stack[level - 1] = text;
    current = { path: stack.filter(Boolean), lines: [] };
    seenContent = true;
  }
  sections.push(current);

  const chunks: KnowledgeChunk[] = [];
  for (const section of sections) {
    const content = section.lines.join('\n').trim();
    if (!content) continue;
    const heading = [title.trim(), ...section.path].join(HEADING_SEPARATOR);
    for (const part of splitLong(content))
      chunks.push({ ordinal: chunks.length, heading, content: part });
  }
  return chunks;
}

/** Paragraphs (a fenced code block counts as one, blank lines and all). */
function blocks(content: string): string[] {
  const result: string[] = [];
  let buffer: string[] = [];
  let inFence = false;
  const flush = () => {
    if (buffer.length) result.push(buffer.join('\n').trim());
    buffer = [];
  };
  for (const line of content.split('\n')) {
    if (FENCE.test(line)) inFence = !inFence;
    if (!inFence && !line.trim()) flush();
    else buffer.push(line);
  }
  flush();
  return result.filter(Boolean);
}

/** Greedy packing of paragraphs into parts of at most MAX_CHUNK_CHARS (one oversize block stands alone). */
function splitLong(content: string): string[] {
  if (content.length <= MAX_CHUNK_CHARS) return [content];
  const parts: string[] = [];
  let current = '';
  for (const block of blocks(content).flatMap(splitOversizeBlock)) {
    if (current && current.length + 2 + block.length > MAX_CHUNK_CHARS) {
      parts.push(current);
      current = block;
    } else {
      current = current ? `${current}\n\n${block}` : block;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * A table splits into row groups that repeat its header; any other block (a long list or one
 * huge paragraph) splits at line ends. Code blocks stay whole, even when long.
 */
function splitOversizeBlock(block: string): string[] {
  if (block.length <= MAX_CHUNK_CHARS || FENCE.test(block)) return [block];
  const lines = block.split('\n');
  const isTable = lines.length > 2 && lines.every((line) => line.trim().startsWith('|'));
  const header = isTable ? lines.slice(0, 2) : [];
  // A paragraph on one enormous line still splits, at sentence ends.
  const rows = isTable
    ? lines.slice(2)
    : lines.flatMap((line) =>
        line.length > MAX_CHUNK_CHARS ? line.split(/(?<=[.!?])\s+/) : [line],
      );
  const groups: string[] = [];
  let group: string[] = [];
  const size = (items: string[]) => [...header, ...items].join('\n').length;
  for (const row of rows) {
    if (group.length && size([...group, row]) > MAX_CHUNK_CHARS) {
      groups.push([...header, ...group].join('\n'));
      group = [];
    }
    group.push(row);
  }
  if (group.length) groups.push([...header, ...group].join('\n'));
  return groups;
}
