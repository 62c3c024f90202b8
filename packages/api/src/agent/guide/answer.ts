import type { KnowledgePassage } from '../knowledge/search';
import { splitSentences, termOverlap } from '../knowledge/snippet';
import { contentTerms, stripMarkdown, termsMatch } from '../knowledge/text';
import type { ChatMessage } from '../llm/types';
import { lowerFirst } from './phrasing';
import type { GuideRunInput, ResolvedQuestion } from './query';

export const SYSTEM_PROMPT = [
  'You are CapeAI Guide, the help assistant of CapeControl, an open-source, self-hostable platform for AI agents.',
  'Answer ONLY from the numbered passages of the CapeControl documentation given with the question.',
  'Cite the passage behind every statement with its number in square brackets, like [1] or [2][3].',
  'If the passages do not answer the question, say plainly that the documentation does not cover it, then mention what the passages do cover.',
  'Never invent features, settings, commands or procedure names. Where a passage says a feature is planned, say so.',
  'Open with a direct answer in one or two sentences, then give the steps or details that matter. Be concise; use markdown for code and lists.',
].join(' ');

/** How many earlier turns go to the model: enough for follow-ups, little enough to stay cheap. */
const HISTORY_TURNS = 6;

/** The grounded prompt: system rules, recent turns, then the passages and the question. */
export function buildMessages(input: GuideRunInput, passages: KnowledgePassage[]): ChatMessage[] {
  const sources = passages
    .map((passage, index) => `[${index + 1}] ${passage.heading}\n${passage.content}`)
    .join('\n\n');
  const page = input.pageContext
    ? `\n\nThe user is on the page ${[input.pageContext.title, input.pageContext.path].filter(Boolean).join(' — ')}.`
    : '';
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    ...input.history
      .slice(-HISTORY_TURNS)
      .map((turn) => ({ role: turn.role, content: turn.content })),
    { role: 'user', content: `Passages:\n\n${sources}${page}\n\nQuestion: ${input.question}` },
  ];
}

interface Candidate {
  text: string;
  passage: number;
  position: number;
  overlap: number;
  score: number;
}

const MAX_SENTENCES = 5;
const MAX_ANSWER_CHARS = 1_100;
/** Only passages ranked this close to the best one lend more than their single best sentence. */
const CLOSE_TO_BEST = 0.8;

const isCodeOnly = (text: string) => /^`[^`]+`(, then `[^`]+`)*$/.test(text.trim());

/**
 * The offline answer: the sentences of the passages that share the most words with the
 * question, each followed by its [n]. The best prose sentence opens the answer (for "how do I
 * X" questions, one that starts with the verb X wins: that is the instruction); then each
 * passage's best sentence and, from the passages ranked near the top, a few more, grouped by
 * passage in reading order. Question words the knowledge base lacks are named first, so a
 * partial match reads as one.
 */
export function extractiveAnswer(
  resolved: ResolvedQuestion,
  passages: KnowledgePassage[],
  unknownWords: readonly string[] = [],
): string {
  const terms = contentTerms(resolved.query);
  const contextTerms = contentTerms(resolved.context);
  const bestScore = passages[0]?.score ?? 1;
  const weights = passages.map((passage) => (passage.score / bestScore) ** 2);
  const candidates: Candidate[] = passages.flatMap((passage, passageIndex) =>
    splitSentences(passage.content)
      .filter((text) => !text.endsWith(':') && stripMarkdown(text).length >= 12)
      .map((text, position) => {
        const overlap = termOverlap(text, terms);
        const leadVerb = contentTerms(text.split(/\s+/)[0] ?? '')[0];
        const instruction =
          resolved.asksHow &&
          leadVerb !== undefined &&
          terms.some((term) => termsMatch(term, leadVerb));
        const relevance =
          2 * overlap + 0.5 * termOverlap(text, contextTerms) + (position === 0 ? 0.5 : 0);
        return {
          text,
          passage: passageIndex,
          position,
          overlap,
          score:
            relevance * (weights[passageIndex] ?? 1) +
            (instruction ? 1.5 : 0) -
            (text.length > 400 ? 1 : 0),
        };
      }),
  );
  const ranked = [...candidates].sort(
    (a, b) => b.score - a.score || a.passage - b.passage || a.position - b.position,
  );
  const opening = ranked.find((candidate) => !isCodeOnly(candidate.text)) ?? ranked[0];
  if (!opening) return '';

  const chosen = new Set<Candidate>([opening]);
  for (let index = 0; index < passages.length; index++) {
    const best = ranked.find((candidate) => candidate.passage === index);
    if (best && (best.overlap > 0 || terms.length === 0)) chosen.add(best);
  }
  for (const candidate of ranked) {
    if (chosen.size >= MAX_SENTENCES) break;
    const close = (weights[candidate.passage] ?? 0) >= CLOSE_TO_BEST;
    if (close && (candidate.overlap > 0 || terms.length === 0)) chosen.add(candidate);
  }

  let length = 0;
  const kept = [...chosen].filter((candidate) => {
    length += candidate.text.length;
    return candidate === opening || length <= MAX_ANSWER_CHARS;
  });
  const cite = (candidate: Candidate) => `${sentence(candidate.text)} [${candidate.passage + 1}]`;
  const paragraphs = passages
    .map((_, index) =>
      kept
        .filter((candidate) => candidate !== opening && candidate.passage === index)
        .sort((a, b) => a.position - b.position)
        .map(cite)
        .join(' '),
    )
    .filter(Boolean);
  const caveat = unknownWords.length
    ? `The documentation does not mention ${unknownWords.map((word) => `“${word}”`).join(' or ')}; here is what it says about the rest. `
    : '';
  return [`${caveat}${cite(opening)}`, ...paragraphs].join('\n\n');
}

/** The plain answer when no passage is relevant: say so, and what the documentation covers. */
export function notFoundAnswer(question: string, titles: string[]): string {
  const covered = titles.slice(0, 8).map(lowerFirst);
  const list =
    covered.length > 1
      ? `${covered.slice(0, -1).join(', ')} and ${covered.at(-1) ?? ''}`
      : (covered[0] ?? '');
  const topic = question
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[?.!]+$/, '')
    .slice(0, 120);
  return [
    `The CapeControl knowledge base has nothing on “${topic}”, so I can't answer that from it.`,
    list ? `It covers CapeControl itself: ${list}.` : 'It has no documents yet.',
    'Try asking about one of those topics, or ask an administrator to add a document on this one.',
  ].join(' ');
}

/** A unit ends like a sentence, so the [n] after it reads naturally. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?`)"”]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
