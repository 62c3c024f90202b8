import type { CapeClient } from '@capecontrol/client';
import { isTerminalStatus, type TaskEventPayload } from '@capecontrol/schema';
import { CliError, ExitCode } from './errors';

export type TerminalEvent = Extract<TaskEventPayload, { type: 'terminal' }>;

export interface FollowedTask {
  /** Settles with the task's terminal event (exactly one per task). */
  terminal: Promise<TerminalEvent>;
  /** Closes the stream; the task itself keeps running. */
  stop(): void;
}

/**
 * Follows `task.stream` from the first event to the terminal one. The SSE link reconnects on its
 * own after a dropped connection and resumes after the last event seen, so nothing is missed or
 * repeated; `onReconnecting` says when that happens.
 */
export function followTask(
  client: CapeClient,
  taskId: string,
  handlers: {
    onEvent(event: TaskEventPayload): void;
    onReconnecting(error: Error): void;
  },
): FollowedTask {
  let finished = false;
  let reconnecting = false;
  let unsubscribe = () => {};
  const terminal = new Promise<TerminalEvent>((resolve, reject) => {
    const subscription = client.task.stream.subscribe(
      { id: taskId },
      {
        onData: ({ data }) => {
          reconnecting = false;
          // JSON drops `output: undefined`; the terminal event always has one (maybe null).
          const event: TaskEventPayload =
            data.type === 'terminal' ? { ...data, output: data.output ?? null } : data;
          handlers.onEvent(event);
          if (event.type === 'terminal') {
            finished = true;
            resolve(event);
          }
        },
        onError: (error) => {
          if (!finished) reject(error);
        },
        onComplete: () => {
          // The server ends the stream right after the terminal event; ending before it is
          // unexpected, so ask the task itself how it ended.
          if (!finished) resolve(endedWithoutTerminal(client, taskId));
        },
        onConnectionStateChange: (state) => {
          if (state.state !== 'connecting' || !state.error || reconnecting) return;
          reconnecting = true;
          handlers.onReconnecting(state.error);
        },
      },
    );
    unsubscribe = () => subscription.unsubscribe();
  });
  return {
    terminal,
    stop: () => {
      finished = true;
      unsubscribe();
    },
  };
}

async function endedWithoutTerminal(client: CapeClient, taskId: string): Promise<TerminalEvent> {
  const task = await client.task.get.query({ id: taskId });
  if (task.status === 'queued' || task.status === 'running' || !isTerminalStatus(task.status)) {
    throw new CliError(
      ExitCode.failure,
      `The server closed the stream while task ${taskId} was still ${task.status}.`,
    );
  }
  return { type: 'terminal', status: task.status, error: task.error, output: task.output };
}
