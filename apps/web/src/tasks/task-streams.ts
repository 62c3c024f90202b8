import type { AppRouter } from '@capecontrol/api';
import type { GuideInput, SpecialistInput, TaskEvent } from '@capecontrol/schema';
import type { TRPCClient } from '@trpc/client';
import type { StreamHandlers, StreamOpener } from './use-task-stream';

type Client = TRPCClient<AppRouter>;

/** The observer every task-event subscription gets: tracked envelopes in, events out. */
function observer(handlers: StreamHandlers) {
  return {
    // JSON drops `undefined`, so the wire type marks `terminal.output` optional; the view
    // reads a missing output as null.
    onData: (envelope: { data: unknown }) => handlers.onEvent(envelope.data as TaskEvent),
    onStarted: () => handlers.onStarted(),
    onConnectionStateChange: (state: {
      state: 'idle' | 'connecting' | 'pending';
      error: unknown;
    }) => handlers.onConnectionState(state.state, state.error),
    onError: (error: unknown) => handlers.onError(error),
    onComplete: () => handlers.onComplete(),
  };
}

/** `lastEventId` as the procedures take it; omitted for a stream from the start. */
function resumeAfter(lastEventId: number): { lastEventId?: string } {
  return lastEventId > 0 ? { lastEventId: String(lastEventId) } : {};
}

/** Follows an existing task (`task.stream`). */
export function taskStream(client: Client, id: string): StreamOpener {
  return (lastEventId, handlers) =>
    client.task.stream.subscribe({ id, ...resumeAfter(lastEventId) }, observer(handlers));
}

/**
 * Asks the Guide: the server creates the task with our `taskId` (or rejoins it when the stream
 * reconnects), so the task can be cancelled before its first event arrives.
 */
export function guideStream(client: Client, taskId: string, input: GuideInput): StreamOpener {
  return (lastEventId, handlers) =>
    client.agent.guide.stream.subscribe(
      { taskId, input, ...resumeAfter(lastEventId) },
      observer(handlers),
    );
}

export function specialistStream(
  client: Client,
  taskId: string,
  input: SpecialistInput,
): StreamOpener {
  return (lastEventId, handlers) =>
    client.agent.domainSpecialist.stream.subscribe(
      { taskId, input, ...resumeAfter(lastEventId) },
      observer(handlers),
    );
}
