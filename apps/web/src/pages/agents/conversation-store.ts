import type { TaskView } from '../../tasks/task-view';

/** One question and the run that answers it. */
export interface Turn<TInput> {
  /** Stable across retries (the first task's id). */
  id: string;
  question: string;
  input: TInput;
  /** The task answering now: the first one, or the one a retry created. */
  taskId: string;
  /** `agent`: the agent's own stream created the task; `task`: a retry, followed by id. */
  via: 'agent' | 'task';
  /** The run as last saved; the live stream supersedes it for the last turn. */
  view: TaskView;
}

const VERSION = 1;
const MAX_TURNS = 30;

function storageKey(userId: string, agent: string): string {
  return `cape.conversation.${agent}.${userId}`;
}

/**
 * Conversations live in sessionStorage: they survive a reload and a trip to the task page and
 * back, stay per tab, and are per user (a different user in the same tab sees none).
 */
export function loadTurns<TInput>(userId: string, agent: string): Turn<TInput>[] {
  try {
    const raw = sessionStorage.getItem(storageKey(userId, agent));
    if (!raw) return [];
    const parsed = JSON.parse(raw) as { version?: unknown; turns?: unknown };
    return parsed.version === VERSION && Array.isArray(parsed.turns)
      ? (parsed.turns as Turn<TInput>[])
      : [];
  } catch {
    return [];
  }
}

export function saveTurns<TInput>(userId: string, agent: string, turns: Turn<TInput>[]): void {
  try {
    const key = storageKey(userId, agent);
    if (turns.length === 0) sessionStorage.removeItem(key);
    else
      sessionStorage.setItem(
        key,
        JSON.stringify({ version: VERSION, turns: turns.slice(-MAX_TURNS) }),
      );
  } catch {
    // Storage full or blocked (private mode): the conversation just won't survive a reload.
  }
}
