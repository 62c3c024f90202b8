import {
  domains,
  SPECIALIST_AGENT_ID,
  specialistInputSchema,
  specialistOutputSchema,
  type SpecialistOutput,
  type SpecialistPlan,
} from '@capecontrol/schema';
import type { z } from 'zod';
import { LlmError } from '../llm/types';
import {
  streamTokens,
  type AgentDefinition,
  type AgentRunContext,
  type StepScope,
} from '../runtime';
import { specialistCapabilities } from './capabilities';
import { composeOfflinePlan } from './compose';
import { detectDomain, toDomainDetection, type DetectionResult } from './detect';
import { domainCatalogue } from './domains';
import { playbooks } from './playbooks';
import { parsePlan, planRequest, repairRequest } from './prompt';

/** The input after validation (trimmed question). */
export type SpecialistRunInput = z.output<typeof specialistInputSchema>;

// The UI streams the prose answer; pieces of about this many characters read as streaming
// without flooding the event log.
const ANSWER_CHUNK_CHARS = 160;

/** Sentence-aligned pieces of `text` that join back to it exactly. */
export function answerChunks(text: string, size = ANSWER_CHUNK_CHARS): string[] {
  const sentences = text.split(/(?<=[.!?:;]["”’)]?\s+)/);
  const chunks: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current !== '' && current.length + sentence.length > size) {
      chunks.push(current);
      current = '';
    }
    current += sentence;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/** A model may name a focus area of its own; keep the plan on one the UI and playbooks know. */
function normalisePlan(plan: SpecialistPlan, detection: DetectionResult): SpecialistPlan {
  const known = domainCatalogue[detection.domain].focusAreas.some(
    (area) => area.id === plan.focusArea,
  );
  return known ? plan : { ...plan, focusArea: detection.focusArea };
}

async function requestPlan(
  ctx: AgentRunContext,
  scope: StepScope,
  input: SpecialistRunInput,
  detection: DetectionResult,
): Promise<SpecialistPlan> {
  const guidance = composeOfflinePlan(input.question, detection, input.context);
  const request = planRequest(input, detection, guidance);
  // Structured output is not prose: it is validated first and streamed as the answer afterwards.
  const reply = await streamTokens(ctx, scope, request, { emitTokens: false });
  const first = parsePlan(reply);
  if (first.ok) return normalisePlan(first.plan, detection);

  ctx.logger.warn(
    { taskId: ctx.taskId, problems: first.problems },
    'specialist plan did not validate; asking the model to repair it',
  );
  const repaired = await streamTokens(ctx, scope, repairRequest(request, reply, first.problems), {
    emitTokens: false,
  });
  const second = parsePlan(repaired);
  if (second.ok) return normalisePlan(second.plan, detection);
  throw new LlmError(
    'bad_response',
    `The model's output did not match the specialist plan schema, even after one repair attempt: ${second.problems}`,
  );
}

export const specialistAgent = {
  id: SPECIALIST_AGENT_ID,
  displayName: 'CapeAI Domain Specialist',
  description:
    'Step-by-step playbooks for workflow automation, data analytics, security audits and integrations: detects the domain, then answers with ordered steps, checks, insights, risks and links.',
  inputSchema: specialistInputSchema,
  outputSchema: specialistOutputSchema,

  async run(ctx: AgentRunContext, input: SpecialistRunInput): Promise<SpecialistOutput> {
    const detection = await ctx.step(
      { kind: 'classify', name: 'detect domain', input: { domain: input.domain ?? null } },
      async () => {
        const result = detectDomain(input.question, {
          context: input.context,
          domain: input.domain,
        });
        await ctx.emit({
          type: 'domain',
          domain: result.domain,
          confidence: result.confidence,
          runnerUp: result.runnerUp,
        });
        return result;
      },
    );

    const plan = await ctx.step(
      {
        kind: 'llm',
        name: 'plan',
        input: { domain: detection.domain, focusArea: detection.focusArea },
      },
      (scope) => requestPlan(ctx, scope, input, detection),
    );

    return ctx.step({ kind: 'compose', name: 'compose answer' }, async () => {
      for (const [index, step] of plan.playbook.entries()) {
        await ctx.emit({ type: 'playbook_step', index: index + 1, step });
      }
      for (const text of plan.insights) await ctx.emit({ type: 'insight', text });
      for (const text of answerChunks(plan.answer)) await ctx.emit({ type: 'token', text });
      return specialistOutputSchema.parse({ ...plan, detection: toDomainDetection(detection) });
    });
  },

  async health(deps) {
    // A cheap self-test of the offline path: detection and a composed plan for a known question.
    const probe = detectDomain('How should we handle webhook retries from Stripe?');
    const plan = composeOfflinePlan('How should we handle webhook retries from Stripe?', probe);
    return {
      domains: domains.length,
      playbooks: Object.values(playbooks).flat().length,
      provider: deps.llm.provider,
      model: deps.llm.model,
      offlineSelfTest: probe.domain === 'integration_helper' && plan.playbook.length >= 4,
    };
  },

  /** For `agent.domainSpecialist.capabilities`. */
  capabilities: specialistCapabilities,
} satisfies AgentDefinition<typeof specialistInputSchema, SpecialistOutput> & {
  capabilities: typeof specialistCapabilities;
};
