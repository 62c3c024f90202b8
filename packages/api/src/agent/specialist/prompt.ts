import { specialistPlanSchema, type SpecialistPlan } from '@capecontrol/schema';
import { z } from 'zod';
import type { GenerateRequest } from '../llm/types';
import type { DetectionResult } from './detect';
import { domainCatalogue, focusAreaOf } from './domains';

/**
 * The plan's JSON Schema for `response_format`. Every object lists all properties as required
 * and is closed, so OpenAI's strict mode applies. Dropped: `$schema` (providers only need the
 * shape) and string `minLength`/`maxLength`, which strict mode has not accepted (a 400 for the
 * whole request); zod still enforces the lengths and a violation goes through the repair path.
 */
export const planJsonSchema: Record<string, unknown> = (() => {
  const schema = z.toJSONSchema(specialistPlanSchema, {
    io: 'output',
    override: ({ jsonSchema }) => {
      delete jsonSchema.minLength;
      delete jsonSchema.maxLength;
    },
  }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
})();

// Enough of a bad reply for the model to see its mistake, without resending a runaway answer.
const MAX_ECHOED_REPLY = 8_000;
const MAX_PROBLEMS = 2_000;

function systemPrompt(detection: DetectionResult, guidance: SpecialistPlan): string {
  const domain = domainCatalogue[detection.domain];
  const focus = focusAreaOf(detection.domain, detection.focusArea);
  const focusIds = domain.focusAreas.map((area) => `"${area.id}" (${area.title})`).join(', ');
  return [
    `You are CapeAI Domain Specialist, a senior practitioner in ${domain.title.toLowerCase()}: ${domain.description}`,
    `Domain: ${detection.domain} (${domain.title}). Focus area: ${focus.id} (${focus.title}): ${focus.description}`,
    '',
    'Answer the user with a practical, specific plan as one JSON object matching the response schema:',
    `- focusArea: one of ${focusIds}; use "${focus.id}" unless the question clearly belongs to another.`,
    '- answer: prose that answers the question directly first (name their tools and symptoms), then summarises the plan; at most about 300 words, no markdown headings.',
    '- playbook: 4 to 8 ordered steps; each has a title, its purpose, and a check that says how to verify the step is done.',
    '- insights: 3 to 6 insights specific to this question, not general advice.',
    '- risks: up to 5, each with severity low, medium or high and a concrete mitigation.',
    '- resources: up to 5 links with kind doc, guide, reference or tool; use only URLs from the draft below or official documentation you are certain exists.',
    '',
    'A draft plan from the built-in playbook follows. Keep what fits, change or replace what does not, and add what the question needs:',
    JSON.stringify(guidance),
  ].join('\n');
}

/** The structured-output request for a plan; offline, the engine answers with `guidance` itself. */
export function planRequest(
  input: { question: string; context?: string | undefined },
  detection: DetectionResult,
  guidance: SpecialistPlan,
): GenerateRequest {
  const user = input.context ? `${input.question}\n\nContext:\n${input.context}` : input.question;
  return {
    messages: [
      { role: 'system', content: systemPrompt(detection, guidance) },
      { role: 'user', content: user },
    ],
    temperature: 0.2,
    maxTokens: 2_500,
    responseSchema: { name: 'specialist_plan', schema: planJsonSchema },
    offline: () => JSON.stringify(guidance),
  };
}

/** The same request once more, showing the model its reply and what was wrong with it. */
export function repairRequest(
  request: GenerateRequest,
  reply: string,
  problems: string,
): GenerateRequest {
  return {
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant', content: reply.slice(0, MAX_ECHOED_REPLY) },
      {
        role: 'user',
        content: `That reply does not match the required JSON schema:\n${problems}\nReply again with only the corrected JSON object.`,
      },
    ],
  };
}

export type PlanParse = { ok: true; plan: SpecialistPlan } | { ok: false; problems: string };

/** Parses and validates a model reply; tolerates a Markdown code fence around the JSON. */
export function parsePlan(reply: string): PlanParse {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(reply);
  const text = fenced?.[1] ?? reply;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: `The reply is not valid JSON (${reason}).` };
  }
  const result = specialistPlanSchema.safeParse(value);
  if (result.success) return { ok: true, plan: result.data };
  return { ok: false, problems: z.prettifyError(result.error).slice(0, MAX_PROBLEMS) };
}
