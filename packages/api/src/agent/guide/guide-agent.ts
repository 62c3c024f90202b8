import {
  GUIDE_AGENT_ID,
  guideInputSchema,
  guideOutputSchema,
  type GuideOutput,
} from '@capecontrol/schema';
import { unknownWords } from '../knowledge/search';
import { documentTitles, knowledgeStats } from '../knowledge/sections';
import { streamTokens, type AgentDefinition, type AgentRunContext } from '../runtime';
import { buildMessages, extractiveAnswer, notFoundAnswer } from './answer';
import type { GuideRunInput } from './query';
import { retrieve, toCitation, type Retrieval } from './retrieve';
import { suggestFollowUps } from './suggestions';

/** Low, so answers stay close to the passages. */
const TEMPERATURE = 0.2;
const MAX_ANSWER_TOKENS = 900;

/**
 * CapeAI Guide: answers questions about CapeControl from the knowledge base, with citations,
 * and offers follow-up questions. Three steps: `retrieve` (search, one `citation` event per
 * passage), `llm` (the grounded answer, streamed; extractive when offline) or, when nothing is
 * relevant, a `compose` step that says so without calling the model, then `compose` (the
 * `suggestion` events).
 */
export const guideAgent: AgentDefinition<typeof guideInputSchema, GuideOutput> = {
  id: GUIDE_AGENT_ID,
  displayName: 'CapeAI Guide',
  description:
    'Answers questions about CapeControl from its documentation, with citations and follow-up suggestions.',
  inputSchema: guideInputSchema,
  outputSchema: guideOutputSchema,

  async run(ctx, input) {
    // A step's result must come from its return value: when a re-claimed task continues, a
    // completed step is not run again and its stored result is handed back instead.
    const found: Retrieval = await ctx.step(
      { kind: 'retrieve', name: 'retrieve', input: { question: input.question } },
      async () => {
        const retrieval = await retrieve(ctx.db, input);
        for (const [index, passage] of retrieval.passages.entries()) {
          await ctx.emit({ type: 'citation', citation: toCitation(passage, index) });
        }
        return retrieval;
      },
    );
    const grounded = found.passages.length > 0;

    const answer = grounded
      ? await answerFromPassages(ctx, input, found)
      : await answerNotFound(ctx, input);

    const suggestions = await ctx.step({ kind: 'compose', name: 'suggest' }, async () => {
      const picked = await suggestFollowUps(ctx.db, input, found);
      for (const text of picked) await ctx.emit({ type: 'suggestion', text });
      return picked;
    });

    return { answer, citations: found.passages.map(toCitation), suggestions, grounded };
  },

  async health({ db, llm }) {
    const stats = await knowledgeStats(db);
    return {
      documents: stats.documents,
      sections: stats.sections,
      knowledgeReady: stats.sections > 0,
      provider: llm.provider,
      model: llm.model,
    };
  },
};

/** The model (or the offline engine) writes the answer from the numbered passages only. */
async function answerFromPassages(
  ctx: AgentRunContext,
  input: GuideRunInput,
  retrieval: Retrieval,
): Promise<string> {
  // Built only without a model (or when it answers nothing); so are the words it names as
  // missing from the knowledge base, a statement a model's answer does not need.
  const extractive = async () =>
    extractiveAnswer(
      retrieval.resolved,
      retrieval.passages,
      await unknownWords(ctx.db, retrieval.resolved.query.split(' ')),
    );
  return ctx.step(
    {
      kind: 'llm',
      name: 'answer',
      input: { passages: retrieval.passages.length, provider: ctx.llm.provider },
    },
    async (scope) => {
      const text = await streamTokens(ctx, scope, {
        messages: buildMessages(input, retrieval.passages),
        temperature: TEMPERATURE,
        maxTokens: MAX_ANSWER_TOKENS,
        offline: extractive,
      });
      if (text.trim()) return text;
      // A model that answers nothing still leaves the user with the passages' own words.
      const fallback = await extractive();
      await ctx.emit({ type: 'token', text: fallback });
      return fallback;
    },
  );
}

/** Nothing relevant: say so plainly, without asking the model to guess. */
async function answerNotFound(ctx: AgentRunContext, input: GuideRunInput): Promise<string> {
  return ctx.step({ kind: 'compose', name: 'answer', input: { grounded: false } }, async () => {
    const titles = (await documentTitles(ctx.db)).map((doc) => doc.title);
    const text = notFoundAnswer(input.question, titles);
    // Sentence by sentence, trailing spaces kept: the pieces join back to the text exactly.
    for (const piece of text.split(/(?<=[.!?] )/)) await ctx.emit({ type: 'token', text: piece });
    return text;
  });
}
