import { HEADING_SEPARATOR } from '../knowledge/chunker';

/**
 * Headings → follow-up questions a person would click: "Cancelling a task" → "How do I cancel
 * a task?", "API keys" → "How do API keys work?", "A task stays queued" → "What if a task stays
 * queued?". Deterministic rules, no model: suggestions must work offline too.
 */

/** Headings that name no topic of their own. */
const NOT_A_TOPIC =
  /^(overview|introduction|summary|see also|next steps|where to go next|examples?|notes?)$/i;
const QUESTION_WORD = /^(what|how|who|where|when|why|which|can|do|does|is|are|should)\b/i;
const LEADING_CONNECTIVE = /^(before|after|once|until)\b/i;
/** A heading holding one of these verbs is a statement of a situation (mostly troubleshooting). */
const STATEMENT_VERB =
  /\b(is|are|was|were|stops|fails|fail|stays|ended|hangs|breaks|doesn't|don't|can't|won't|cannot|never)\b/i;

const IRREGULAR_BASE: Record<string, string> = {
  using: 'use',
  writing: 'write',
  choosing: 'choose',
  creating: 'create',
  updating: 'update',
  validating: 'validate',
  deprecating: 'deprecate',
  configuring: 'configure',
  resuming: 'resume',
  removing: 'remove',
  scaling: 'scale',
  managing: 'manage',
  handling: 'handle',
  expiring: 'expire',
  revoking: 'revoke',
  authenticating: 'authenticate',
  troubleshooting: 'troubleshoot',
  making: 'make',
  saving: 'save',
  sharing: 'share',
  storing: 'store',
  starting: 'start',
  rotating: 'rotate',
  securing: 'secure',
  moving: 'move',
  naming: 'name',
  providing: 'provide',
  serving: 'serve',
  receiving: 'receive',
  changing: 'change',
  deleting: 'delete',
  declaring: 'declare',
  giving: 'give',
  leaving: 'leave',
  preparing: 'prepare',
  comparing: 'compare',
  hosting: 'host',
};
/** Words ending in -ing that are nouns wherever they stand. */
const ING_NOUNS = new Set([
  'string',
  'thing',
  'nothing',
  'something',
  'anything',
  'everything',
  'during',
  'king',
  'spring',
  'ceiling',
  'morning',
  'evening',
  'versioning',
  'onboarding',
  'pricing',
  'billing',
  'caching',
  'routing',
  'logging',
  'testing',
  'timing',
  'warning',
  'missing',
  'existing',
  'incoming',
  'outgoing',
  'remaining',
  'upcoming',
  'pending',
]);
/** Words that, first in a noun phrase, need no article: proper names and determiners. */
const NO_ARTICLE =
  /^(the|a|an|your|my|every|each|all|some|any|this|these|those|docker|postgres(ql)?|redis|node(\.js)?|typescript|pglite|openai|capecontrol|cape|vite|kysely|trpc|zod|nginx|kubernetes|github)$/i;

function isGerund(word: string): boolean {
  const lower = word.toLowerCase();
  return /^[a-z]{2,}ing$/.test(lower) && !ING_NOUNS.has(lower);
}

export function gerundToBase(word: string): string {
  const lower = word.toLowerCase();
  if (IRREGULAR_BASE[lower]) return IRREGULAR_BASE[lower];
  const stem = lower.slice(0, -3);
  // "running" → "run", "getting" → "get"; but "cancelling" → "cancel", "installing" → "install".
  if (/([bdgmnprt])\1$/.test(stem)) return stem.slice(0, -1);
  if (
    /ll$/.test(stem) &&
    !/(install|uninstall|call|poll|roll|spell|fill|kill|sell|tell|pull|scroll)$/.test(stem)
  )
    return stem.slice(0, -1);
  return stem;
}

/** The words of `phrase` with a leading run of gerunds ("Creating, expiring and revoking") turned into verbs. */
function verbPhrase(phrase: string): string {
  const words = phrase.split(/\s+/);
  let expectVerb = true;
  const out = words.map((word, index) => {
    const bare = word.replace(/,$/, '');
    if (expectVerb && isGerund(bare)) {
      expectVerb = word.endsWith(',');
      return gerundToBase(bare) + (word.endsWith(',') ? ',' : '');
    }
    if (/^(and|or)$/i.test(word) && index > 0) {
      expectVerb = isGerund(words[index + 1]?.replace(/,$/, '') ?? '');
      return word.toLowerCase();
    }
    expectVerb = false;
    return word;
  });
  return out.join(' ');
}

/** Lower-cases the first word unless it is an acronym, a code name or a proper name. */
export function lowerFirst(phrase: string): string {
  return phrase.replace(/^(\S+)/, (word) =>
    /[A-Z].*[A-Z]|[._`/]|^[A-Z]{2,}/.test(word) ||
    (NO_ARTICLE.test(word) && !/^(the|a|an|your|my)$/i.test(word))
      ? word
      : word.toLowerCase(),
  );
}

const swapPerson = (text: string) =>
  text
    .replace(/\byour\b/gi, 'my')
    .replace(/\byou\b/gi, 'I')
    .replace(/\byours\b/gi, 'mine');

const IMPERATIVE =
  /^(run|start|stop|use|install|create|set|choose|add|remove|configure|enable|disable|write|publish|deploy|open|check|get|make|keep|pick|connect|call|build|update|upgrade|reset|back)\b/i;
/** Nouns naming a set of things: "Roles" → "What are the roles?". */
const LIST_NOUN =
  /\b(requirements|categories|tags|options|limits|prerequisites|fields|scopes|roles|statuses|domains|commands|variables|settings|codes|endpoints)$/i;
const PREPOSITION = /^(in|of|for|with|from|on|at|by|without|behind|to|into|over)$/i;

/** A question for the last step of a heading path, or null when the heading names no topic. */
export function headingToQuestion(headingPath: string): string | null {
  const full = (headingPath.split(HEADING_SEPARATOR).at(-1) ?? '').replace(/[.!]+$/, '').trim();
  if (!full || NOT_A_TOPIC.test(full)) return null;
  if (full.endsWith('?')) return capitalise(full);
  // "Scopes: read, write and publish" is about scopes.
  const heading = full.split(/:\s/)[0] as string;
  const words = heading.split(/\s+/);
  const first = (words[0] ?? '').replace(/[,;]$/, '');
  if (QUESTION_WORD.test(heading)) {
    const direct = /^(what|how|who|where|when|why|which)\s+(can|do|does|is|are|should)\b/i.test(
      heading,
    );
    return direct
      ? `${capitalise(swapPerson(heading))}?`
      : `Can you explain ${swapPerson(lowerFirst(heading))}?`;
  }
  if (isGerund(first)) return `How do I ${swapPerson(lowerFirst(verbPhrase(heading)))}?`;
  if (IMPERATIVE.test(heading)) return `How do I ${swapPerson(lowerFirst(heading))}?`;
  if (LEADING_CONNECTIVE.test(heading))
    return `What should I know ${swapPerson(lowerFirst(heading))}?`;
  if (words.length >= 3 && STATEMENT_VERB.test(words.slice(1).join(' '))) {
    return `What if ${swapPerson(lowerFirst(heading))}?`;
  }
  const phrase = swapPerson(lowerFirst(heading));
  const hasArticle = /^(the|a|an|my)\s/i.test(phrase);
  if (/\bexamples?$/i.test(heading)) return `Can you show ${hasArticle ? '' : 'an '}${phrase}?`;
  if (LIST_NOUN.test(heading)) return `What are ${hasArticle ? '' : 'the '}${phrase}?`;
  // The head noun stands before the first preposition: "Cookies in the web app" is plural.
  const prepositionAt = words.findIndex((word, index) => index > 0 && PREPOSITION.test(word));
  const head = words[(prepositionAt > 0 ? prepositionAt : words.length) - 1] ?? '';
  const plural = /\b(and|or)\b/i.test(heading) || /[^su]s$/i.test(head);
  const proper = NO_ARTICLE.test(first) || /^[A-Z]{2,}|[A-Z].*[A-Z]|[._`/]/.test(first);
  return `How ${plural ? 'do' : 'does'} ${plural || proper || hasArticle ? '' : 'the '}${phrase} work?`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
