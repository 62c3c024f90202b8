import type { Citation } from '@capecontrol/schema';

/** What an installed agent returns (`{ answer, citations, steps }`), read defensively. */
export interface InstalledOutput {
  answer: string;
  citations: Citation[];
  steps: Record<string, string>;
}

export function installedOutputOf(output: unknown): InstalledOutput | null {
  if (typeof output !== 'object' || output === null) return null;
  const { answer, citations, steps } = output as Partial<Record<keyof InstalledOutput, unknown>>;
  if (typeof answer !== 'string') return null;
  return {
    answer,
    citations: Array.isArray(citations) ? (citations as Citation[]) : [],
    steps: typeof steps === 'object' && steps !== null ? (steps as Record<string, string>) : {},
  };
}

/** The text a marketplace agent's run was given (`{ input: "…" }`). */
export function inputTextOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null || !('input' in input)) return null;
  return typeof input.input === 'string' ? input.input : null;
}
