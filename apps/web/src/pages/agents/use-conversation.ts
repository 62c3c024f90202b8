import type { AppRouter } from '@capecontrol/api';
import { useMutation } from '@tanstack/react-query';
import type { TRPCClient } from '@trpc/client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApiClients } from '../../api/api-provider';
import { errorCode } from '../../api/errors';
import { randomId } from '../../lib/uuid';
import { useSignedInUser } from '../../session/use-session';
import { taskStream } from '../../tasks/task-streams';
import { initialTaskView, type TaskView } from '../../tasks/task-view';
import { useTaskStream, type StreamOpener, type TaskStream } from '../../tasks/use-task-stream';
import { loadTurns, saveTurns, type Turn } from './conversation-store';

export interface ConversationOptions<TInput> {
  /** The agent's id (`cape-ai-guide`), for `task.create` and the stored conversation. */
  agent: string;
  /** Opens the agent's own stream, which creates the task with the chosen id. */
  openStream: (client: TRPCClient<AppRouter>, taskId: string, input: TInput) => StreamOpener;
}

export interface Conversation<TInput> {
  turns: Turn<TInput>[];
  /** The view to show for a turn: the live one for the last turn. */
  viewOf: (turn: Turn<TInput>) => TaskView;
  /** The last turn's stream (connection state, reconnect). */
  stream: TaskStream;
  /** The last turn is still running (or its stream is opening). */
  busy: boolean;
  ask: (question: string, input: TInput) => void;
  stop: ReturnType<typeof useMutation<void, unknown, void>>;
  retry: ReturnType<typeof useMutation<void, unknown, void>>;
  clear: () => void;
}

/**
 * A conversation with one agent: its turns, and the one stream that follows the last of them.
 * Each question is a task whose id is chosen here before anything is sent, so Stop works at
 * once — even before the stream's first event (LESSONS.md, "Runs and streaming").
 */
export function useConversation<TInput>({
  agent,
  openStream,
}: ConversationOptions<TInput>): Conversation<TInput> {
  const user = useSignedInUser();
  const { trpcClient } = useApiClients();
  const [turns, setTurns] = useState(() => loadTurns<TInput>(user.id, agent));
  const last = turns.at(-1) ?? null;

  const source = useMemo(
    () =>
      last && {
        key: last.taskId,
        initialView: last.view,
        open:
          last.via === 'agent'
            ? openStream(trpcClient, last.taskId, last.input)
            : taskStream(trpcClient, last.taskId),
      },
    [last, openStream, trpcClient],
  );
  const stream = useTaskStream(source);

  const withLiveView = (all: Turn<TInput>[]): Turn<TInput>[] =>
    all.map((turn) => (turn === last ? { ...turn, view: stream.view } : turn));

  // Saved when the turns change and when a run ends; the latest view also on leaving the page
  // (so coming back from the task page resumes the stream where it was).
  const latest = useRef<Turn<TInput>[]>(turns);
  const snapshot = withLiveView(turns);
  useEffect(() => {
    latest.current = snapshot;
  });
  const terminalStatus = stream.view.terminal?.status ?? null;
  useEffect(() => {
    saveTurns(user.id, agent, latest.current);
  }, [user.id, agent, turns, terminalStatus]);
  useEffect(() => {
    const save = () => saveTurns(user.id, agent, latest.current);
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('pagehide', save);
      save();
    };
  }, [user.id, agent]);

  const stop = useMutation<void, unknown, void>({
    mutationFn: async () => {
      if (!last) return;
      try {
        await trpcClient.task.cancel.mutate({ id: last.taskId });
      } catch (error) {
        if (errorCode(error) !== 'NOT_FOUND' || last.via !== 'agent') throw error;
        // The stream has not created the task yet. Create it now, with the same id and input
        // (the stream's own create then finds it), and cancel it before any worker runs it.
        await trpcClient.task.create.mutate({ agent, input: last.input, id: last.taskId });
        await trpcClient.task.cancel.mutate({ id: last.taskId });
      }
    },
  });

  const retry = useMutation<void, unknown, void>({
    mutationFn: async () => {
      if (!last) return;
      const task = await trpcClient.task.retry.mutate({ id: last.taskId });
      setTurns((current) =>
        current.map((turn) =>
          turn.id === last.id
            ? { ...turn, taskId: task.id, via: 'task', view: initialTaskView }
            : turn,
        ),
      );
    },
  });

  const finished = stream.view.terminal !== null;
  return {
    turns,
    viewOf: (turn) => (turn === last ? stream.view : turn.view),
    stream,
    busy: last !== null && !finished,
    ask: (question, input) => {
      const id = randomId();
      stop.reset();
      retry.reset();
      setTurns((current) => [
        ...withLiveView(current),
        { id, question, input, taskId: id, via: 'agent', view: initialTaskView },
      ]);
    },
    stop,
    retry,
    clear: () => {
      stop.reset();
      retry.reset();
      setTurns([]);
    },
  };
}
