import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import type { KnowledgePassage } from '../knowledge/search';
import { documentSections, documentTitles, type SectionHeading } from '../knowledge/sections';
import { contentTerms } from '../knowledge/text';
import { headingToQuestion } from './phrasing';
import type { GuideRunInput } from './query';
import type { Retrieval } from './retrieve';

export const MAX_SUGGESTIONS = 3;
export const MIN_SUGGESTIONS = 2;

/** Where a newcomer should start, in this order, when a question leads nowhere. */
const STARTING_POINTS = [
  'getting-started',
  'running-tasks',
  'built-in-agents',
  'publishing-agents',
  'installing-agents',
];

/**
 * Two to four follow-up questions, deterministic for the same knowledge base and input:
 * first the next-best sections the search found, then the sections that follow the cited ones
 * in their documents, then the other sections of those documents, then starting points.
 * Sections the answer cited and questions already asked are left out.
 */
export async function suggestFollowUps(
  db: Kysely<DB>,
  input: GuideRunInput,
  retrieval: Retrieval,
): Promise<string[]> {
  const asked = [
    input.question,
    ...input.history.filter((turn) => turn.role === 'user').map((turn) => turn.content),
  ];
  // Nothing relevant: the next-best passages are noise, so offer the starting points.
  if (retrieval.passages.length === 0) {
    return pickQuestions(await startingPoints(db), asked, MAX_SUGGESTIONS, true);
  }
  const cited = new Set(retrieval.passages.map((passage) => passage.heading));
  const documentIds = [
    ...new Set([...retrieval.passages, ...retrieval.related].map((p) => p.documentId)),
  ];
  const sections = await documentSections(db, documentIds);
  const candidates = [
    ...retrieval.related
      .filter((passage) => passage.coverage >= 0.5)
      .map((passage) => passage.heading),
    ...followingSections(retrieval.passages, sections),
    ...sections.map((section) => section.heading),
  ];
  const picked = pickQuestions(
    candidates.filter((heading) => !cited.has(heading)),
    asked,
    MAX_SUGGESTIONS,
  );
  if (picked.length >= MIN_SUGGESTIONS) return picked;
  return pickQuestions([...picked, ...(await startingPoints(db))], asked, MAX_SUGGESTIONS, true);
}

/** Starting points as questions ("How do I get started?"), for answers that found nothing. */
export async function startingPoints(db: Kysely<DB>): Promise<string[]> {
  const titles = await documentTitles(db);
  const rank = (slug: string) => {
    const index = STARTING_POINTS.indexOf(slug);
    return index === -1 ? STARTING_POINTS.length : index;
  };
  return [...titles]
    .sort((a, b) => rank(a.slug) - rank(b.slug) || a.title.localeCompare(b.title))
    .map((doc) => headingToQuestion(doc.title))
    .filter((question): question is string => question !== null);
}

/** Reading on: the sections right after each cited one, in its document. */
function followingSections(passages: KnowledgePassage[], sections: SectionHeading[]): string[] {
  return passages.flatMap((passage) =>
    sections
      .filter(
        (section) => section.documentId === passage.documentId && section.ordinal > passage.ordinal,
      )
      .slice(0, 2)
      .map((section) => section.heading),
  );
}

/**
 * Turns candidates (headings, or ready questions when `areQuestions`) into distinct questions,
 * skipping any whose words were all part of something already asked.
 */
function pickQuestions(
  candidates: string[],
  asked: string[],
  max: number,
  areQuestions = false,
): string[] {
  const askedTerms = asked.map((text) => new Set(contentTerms(text)));
  const seen = new Set<string>();
  const picked: string[] = [];
  for (const candidate of candidates) {
    if (picked.length >= max) break;
    const question =
      areQuestions && candidate.endsWith('?') ? candidate : headingToQuestion(candidate);
    if (!question) continue;
    const key = question
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    const terms = contentTerms(question);
    const alreadyAsked = askedTerms.some(
      (set) => terms.length > 0 && terms.every((term) => set.has(term)),
    );
    if (seen.has(key) || alreadyAsked) continue;
    seen.add(key);
    picked.push(question);
  }
  return picked;
}
