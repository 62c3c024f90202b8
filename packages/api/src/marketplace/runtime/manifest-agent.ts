import { renderTemplate, type AgentManifest, type Citation } from '@capecontrol/schema';
import { z } from 'zod';
import type { ChatMessage } from '../../agent/llm/types';
import {
  streamTokens,
  type AgentDefinition,
  type AgentRunContext,
  type StepScope,
} from '../../agent/runtime';
import {
  offlineAgentAnswer,
  searchManifestKnowledge,
  type ManifestPassage,
} from './offline-answer';

/** An installed agent version with the config its installer filled in and its locked dependencies. */
export interface AgentPackage {
  name: string;
  version: string;
  manifest: AgentManifest;
  config: Record<string, string | number | boolean>;
  dependencies: Map<string, AgentPackage>;
}

export const installedAgentInputSchema = z.strictObject({
  input: z
    .string()
    .trim()
    .min(1, 'Say what you want the agent to do')
    .max(20_000, 'At most 20 000 characters'),
});

export const installedAgentOutputSchema = z.object({
  answer: z.string(),
  citations: z.array(
    z.object({
      index: z.number(),
      documentSlug: z.string(),
      title: z.string(),
      section: z.string(),
      snippet: z.string(),
    }),
  ),
  /** For workflow agents: each step's output by step id. */
  steps: z.record(z.string(), z.string()),
});
export type InstalledAgentOutput = z.infer<typeof installedAgentOutputSchema>;

const toCitation = (passage: ManifestPassage): Citation => ({
  index: passage.index,
  documentSlug: passage.documentSlug,
  title: passage.title,
  section: passage.section,
  snippet: passage.snippet,
});

function promptMessages(
  pkg: AgentPackage,
  input: string,
  passages: ManifestPassage[],
): ChatMessage[] {
  const prompt = pkg.manifest.prompt;
  if (!prompt) throw new Error(`${pkg.name} is not a prompt agent.`);
  const values = { input, config: pkg.config };
  const messages: ChatMessage[] = [
    { role: 'system', content: renderTemplate(prompt.system, { input: '', config: pkg.config }) },
  ];
  if (passages.length > 0) {
    const context = passages
      .map(
        (passage) => `[${passage.index}] ${passage.title} › ${passage.section}\n${passage.content}`,
      )
      .join('\n\n');
    messages.push({
      role: 'system',
      content: `Reference material (cite as [n] when you use it):\n\n${context}`,
    });
  }
  messages.push({ role: 'user', content: renderTemplate(prompt.userTemplate, values) });
  return messages;
}

/** One call of a prompt agent, inside the caller's step: its tokens stream as that step's. */
async function callPromptAgent(
  ctx: AgentRunContext,
  scope: StepScope,
  pkg: AgentPackage,
  input: string,
  passages: ManifestPassage[],
): Promise<string> {
  const prompt = pkg.manifest.prompt;
  if (!prompt) throw new Error(`${pkg.name} is not a prompt agent.`);
  return streamTokens(ctx, scope, {
    ...(prompt.model ? { model: prompt.model } : {}),
    messages: promptMessages(pkg, input, passages),
    temperature: prompt.temperature,
    maxTokens: prompt.maxTokens,
    offline: () => offlineAgentAnswer(pkg.manifest, input, passages),
  });
}

/** Runs a dependency inline (within one `agent_call` step), whatever its kind. */
async function callInline(
  ctx: AgentRunContext,
  scope: StepScope,
  pkg: AgentPackage,
  input: string,
): Promise<string> {
  if (pkg.manifest.kind === 'prompt')
    return callPromptAgent(ctx, scope, pkg, input, searchManifestKnowledge(pkg.manifest, input));
  const outputs: Record<string, string> = {};
  let last = '';
  for (const step of pkg.manifest.workflow?.steps ?? []) {
    const dependency = requireDependency(pkg, step.agent);
    last = await callInline(
      ctx,
      scope,
      dependency,
      renderTemplate(step.input, { input, config: pkg.config, steps: outputs }),
    );
    outputs[step.id] = last;
  }
  return last;
}

function requireDependency(pkg: AgentPackage, name: string): AgentPackage {
  const dependency = pkg.dependencies.get(name);
  if (!dependency)
    throw new Error(
      `${pkg.name} calls ${name}, which is not in its installed dependencies. Reinstall ${pkg.name}.`,
    );
  return dependency;
}

/**
 * A marketplace agent as the task runtime runs it — data, not code. Prompt agents: a retrieve
 * step over their own knowledge (when they have any) and an llm step. Workflow agents: one
 * `agent_call` step per workflow step, each calling a locked dependency with the rendered input;
 * every call is its own step of the task, with its own events.
 */
export function manifestAgentDefinition(
  pkg: AgentPackage,
): AgentDefinition<typeof installedAgentInputSchema, InstalledAgentOutput> {
  return {
    id: pkg.name,
    displayName: pkg.manifest.displayName,
    description: pkg.manifest.description,
    inputSchema: installedAgentInputSchema,
    outputSchema: installedAgentOutputSchema,
    async run(ctx, { input }) {
      if (pkg.manifest.kind === 'prompt') {
        const passages =
          pkg.manifest.knowledge.length > 0
            ? await ctx.step(
                {
                  kind: 'retrieve',
                  name: 'retrieve',
                  input: { documents: pkg.manifest.knowledge.length },
                },
                async () => {
                  const found = searchManifestKnowledge(pkg.manifest, input);
                  for (const passage of found)
                    await ctx.emit({ type: 'citation', citation: toCitation(passage) });
                  return found;
                },
              )
            : [];
        const answer = await ctx.step(
          {
            kind: 'llm',
            name: 'answer',
            input: { model: pkg.manifest.prompt?.model ?? ctx.llm.model },
          },
          (scope) => callPromptAgent(ctx, scope, pkg, input, passages),
        );
        return { answer, citations: passages.map(toCitation), steps: {} };
      }
      const outputs: Record<string, string> = {};
      let answer = '';
      for (const step of pkg.manifest.workflow?.steps ?? []) {
        const dependency = requireDependency(pkg, step.agent);
        const rendered = renderTemplate(step.input, { input, config: pkg.config, steps: outputs });
        answer = await ctx.step(
          {
            kind: 'agent_call',
            name: `${step.id} → ${step.agent}`,
            input: { agent: step.agent, version: dependency.version },
          },
          (scope) => callInline(ctx, scope, dependency, rendered),
        );
        outputs[step.id] = answer;
      }
      return { answer, citations: [], steps: outputs };
    },
    async health() {
      return { version: pkg.version, kind: pkg.manifest.kind };
    },
  };
}
