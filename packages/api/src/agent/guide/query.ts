import type { z } from 'zod';
import type { guideInputSchema } from '@capecontrol/schema';
import { REFERRING_WORDS, contentWords, tokenize } from '../knowledge/text';

export type GuideRunInput = z.output<typeof guideInputSchema>;

export interface ResolvedQuestion {
  /** The question's own content words: what a passage must be about. */
  query: string;
  /** Words from earlier turns and the page, for follow-ups: they raise passages, never require them. */
  context: string;
  followUp: boolean;
  /** "How do I…" / "how to…": the answer is an instruction. */
  asksHow: boolean;
}

const HOW_TO = /^\s*how\s+(do|can|could|should|would|to)\b/i;

/** "and what about…", "also…", "same for…": openings that continue the previous turn. */
const CONTINUATION = /^\s*(and|also|but|so|then|what about|how about|same for|what if)\b/i;

/** A question this short rarely stands alone ("publish?", "and retries?"). */
const SHORT_QUESTION_WORDS = 2;
const MAX_CONTEXT_WORDS = 12;

/**
 * Resolves the question against the conversation and the page: a follow-up ("how do I publish
 * it?") keeps its own words as the query and borrows the subject of the last turns, and of the
 * page the user is on, as context. A question that stands alone is searched as it is.
 */
export function resolveQuestion(input: GuideRunInput): ResolvedQuestion {
  const words = contentWords(input.question);
  const tokens = tokenize(input.question, { parts: false });
  const refers = tokens.some((token) => REFERRING_WORDS.has(token));
  const leansOnContext =
    refers || CONTINUATION.test(input.question) || words.length <= SHORT_QUESTION_WORDS;
  const available = [...historyWords(input.history), ...pageWords(input.pageContext)];
  const followUp = leansOnContext && available.length > 0;
  const context = followUp
    ? [...new Set(available)].filter((word) => !words.includes(word)).slice(0, MAX_CONTEXT_WORDS)
    : [];
  return {
    query: words.join(' '),
    context: context.join(' '),
    followUp,
    asksHow: HOW_TO.test(input.question),
  };
}

/**
 * The subject of the conversation so far: every content word of the last two user turns (the
 * latest first), then the few words the last answer repeated most.
 */
function historyWords(history: GuideRunInput['history']): string[] {
  const userTurns = history
    .filter((turn) => turn.role === 'user')
    .slice(-2)
    .reverse();
  const fromUser = userTurns.flatMap((turn) => contentWords(turn.content));
  const lastAnswer = history.findLast((turn) => turn.role === 'assistant');
  return [...fromUser, ...(lastAnswer ? frequentWords(lastAnswer.content, 3) : [])];
}

function frequentWords(text: string, count: number): string[] {
  const tally = new Map<string, number>();
  for (const token of tokenize(text.replace(/\[\d+\]/g, ' '), { parts: false })) {
    if (token.length < 4 || contentWords(token).length === 0) continue;
    tally.set(token, (tally.get(token) ?? 0) + 1);
  }
  // Map iteration follows first appearance, so ties keep text order: deterministic.
  return [...tally.entries()]
    .filter(([, n]) => n > 1)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([word]) => word);
}

/** `/marketplace/acme/summariser` + "Summariser" → marketplace, acme, summariser (ids dropped). */
function pageWords(page: GuideRunInput['pageContext']): string[] {
  if (!page) return [];
  const segments = (page.path ?? '')
    .split(/[/?#&=]+/)
    .filter((segment) => segment && !/\d/.test(segment) && segment.length <= 40);
  return contentWords(`${segments.join(' ').replace(/[-_]/g, ' ')} ${page.title ?? ''}`);
}
