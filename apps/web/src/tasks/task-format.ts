import {
  GUIDE_AGENT_ID,
  SPECIALIST_AGENT_ID,
  type Domain,
  type StepKind,
  type TaskStatus,
} from '@capecontrol/schema';

export const STATUS_LABELS: Record<TaskStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  timed_out: 'Timed out',
};

export const DOMAIN_TITLES: Record<Domain, string> = {
  workflow_automation: 'Workflow automation',
  data_analytics: 'Data analytics',
  security_audit: 'Security audit',
  integration_helper: 'Integration helper',
};

const AGENT_NAMES: Record<string, string> = {
  [GUIDE_AGENT_ID]: 'CapeAI Guide',
  [SPECIALIST_AGENT_ID]: 'CapeAI Domain Specialist',
};

/** The built-in agents' chat pages. */
export const AGENT_PAGES: Record<string, string> = {
  [GUIDE_AGENT_ID]: '/agents/guide',
  [SPECIALIST_AGENT_ID]: '/agents/specialist',
};

/** A person-friendly agent name: built-ins by name, marketplace agents by `publisher/agent`. */
export function agentName(agent: string): string {
  return AGENT_NAMES[agent] ?? agent;
}

export function isActiveStatus(status: TaskStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** What a running step of this kind is doing, for progress lines. */
export const STEP_ACTIVITY: Record<StepKind, string> = {
  retrieve: 'Searching the documentation…',
  classify: 'Working out the domain…',
  llm: 'Writing the answer…',
  compose: 'Putting the answer together…',
  tool: 'Running a tool…',
  agent_call: 'Calling another agent…',
};

/** "0 ms", "850 ms", "1.2 s", "42 s", "3 min 5 s", "1 h 12 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${(Math.floor(seconds * 10) / 10).toFixed(1)} s`;
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = Math.floor(seconds % 60);
    return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  return restMinutes > 0 ? `${hours} h ${restMinutes} min` : `${hours} h`;
}

/**
 * How long a task ran: start to finish, or start to now while it runs. Null before it starts
 * (and for a task cancelled while queued).
 */
export function taskDurationMs(
  task: { startedAt: string | null; finishedAt: string | null },
  nowMs: number,
): number | null {
  if (!task.startedAt) return null;
  const end = task.finishedAt ? Date.parse(task.finishedAt) : nowMs;
  return Math.max(0, end - Date.parse(task.startedAt));
}

const integer = new Intl.NumberFormat('en');

/** "12,345". */
export function formatCount(count: number): string {
  return integer.format(count);
}

/** "1,234 tokens", "1 token", "No tokens". */
export function formatTokens(count: number): string {
  if (count === 0) return 'No tokens';
  return `${integer.format(count)} ${count === 1 ? 'token' : 'tokens'}`;
}

/** "82%": confidence in [0, 1] as a whole percentage. */
export function formatPercent(value: number): string {
  return `${Math.round(Math.min(1, Math.max(0, value)) * 100)}%`;
}

/** Why a run ended without an answer, in words. */
export function describeEnd(
  status: TaskStatus,
  error: { code: string; message: string } | null,
): string {
  switch (status) {
    case 'failed':
      return error?.message
        ? `The agent couldn't finish: ${error.message}`
        : "The agent couldn't finish.";
    case 'timed_out':
      return error?.message ?? 'The agent took too long and was stopped.';
    case 'cancelled':
      return 'Stopped before the agent finished.';
    default:
      return '';
  }
}

/**
 * The question a task was asked, when its input has one: the built-in agents' `question`, or
 * the `input` text marketplace agents take.
 */
export function questionOf(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  if ('question' in input && typeof input.question === 'string') return input.question;
  if ('input' in input && typeof input.input === 'string') return input.input;
  return '';
}
