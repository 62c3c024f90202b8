import type { TaskEvent } from '@capecontrol/schema';
import type { Unsubscribable } from '@trpc/server/observable';
import { useEffect, useReducer, useRef, useState } from 'react';
import { applyTaskEvent, initialTaskView, type TaskView } from './task-view';

/**
 * How the page's one stream is doing:
 * - `connecting`: opening it for the first time;
 * - `live`: events arrive (or may arrive) as they happen;
 * - `reconnecting`: the connection dropped; the EventSource is opening it again and will resume
 *   after the last event received;
 * - `paused`: closed while the page is hidden (browsers allow about six connections per origin),
 *   reopened from where it stopped when the page is shown again;
 * - `ended`: the terminal event arrived;
 * - `failed`: the server refused the stream (see `error`); `reconnect()` tries again.
 */
export type StreamConnection =
  'idle' | 'connecting' | 'live' | 'reconnecting' | 'paused' | 'ended' | 'failed';

const RESUME_DELAY_MS = 1_000;

export interface StreamHandlers {
  onEvent: (event: TaskEvent) => void;
  onStarted: () => void;
  /** The link's connection state: `pending` is connected; `connecting` with an error is a drop. */
  onConnectionState: (state: 'idle' | 'connecting' | 'pending', error: unknown) => void;
  onError: (error: unknown) => void;
  onComplete: () => void;
}

/** Opens the subscription, resuming after `lastEventId` (0: from the start). */
export type StreamOpener = (lastEventId: number, handlers: StreamHandlers) => Unsubscribable;

export interface TaskStreamSource {
  /** Identifies the stream (the task id); a new key starts a new view. */
  key: string;
  open: StreamOpener;
  /** Where a resumed stream starts (a view restored from an earlier visit). */
  initialView?: TaskView;
}

interface State {
  key: string | null;
  view: TaskView;
  connection: StreamConnection;
  error: unknown;
}

type ActionBody =
  | { type: 'event'; event: TaskEvent }
  | { type: 'connection'; connection: StreamConnection; error?: unknown };
type Action = { key: string; initialView: TaskView | undefined } & ActionBody;

function freshState(source: Pick<TaskStreamSource, 'key' | 'initialView'> | null): State {
  return {
    key: source?.key ?? null,
    view: source?.initialView ?? initialTaskView,
    connection: source ? (source.initialView?.terminal ? 'ended' : 'connecting') : 'idle',
    error: null,
  };
}

function reduce(current: State, action: Action): State {
  // Actions carry their stream's key: the first one for a new key starts a new view.
  const base = current.key === action.key ? current : freshState(action);
  if (action.type === 'event') {
    const view = applyTaskEvent(base.view, action.event);
    const connection = view.terminal ? 'ended' : base.connection;
    return view === base.view && connection === base.connection
      ? base
      : { ...base, view, connection, error: null };
  }
  if (base.connection === 'ended') return base;
  return { ...base, connection: action.connection, error: action.error ?? null };
}

export interface TaskStream {
  view: TaskView;
  connection: StreamConnection;
  /** Why the stream failed (`connection === 'failed'`). */
  error: unknown;
  /** Opens a failed stream again, from the last event received. */
  reconnect: () => void;
}

/**
 * Follows one task's event stream and folds it into a view. One stream per page: it is closed
 * while the page is hidden and when the page is left, and reopened from the last event id.
 */
export function useTaskStream(source: TaskStreamSource | null): TaskStream {
  const [attempt, setAttempt] = useState(0);
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  });

  const [state, dispatch] = useReducer(reduce, source, freshState);
  // How far the stream got, so opening it again (after a failure) continues from there.
  const progressRef = useRef({ key: null as string | null, lastEventId: 0 });

  const key = source?.key ?? null;

  useEffect(() => {
    // The view a stream starts from is read once per key: later changes to `initialView` (a
    // caller saving its progress) must not reopen the stream.
    const initialView = sourceRef.current?.initialView;
    if (key === null || initialView?.terminal) return;
    let disposed = false;
    // Nothing from a stream this effect has let go of may reach the view.
    const send = (body: ActionBody) => {
      if (!disposed) dispatch({ ...body, key, initialView });
    };
    const progress = progressRef.current;
    let lastEventId = Math.max(
      initialView?.lastEventId ?? 0,
      progress.key === key ? progress.lastEventId : 0,
    );
    let subscription: Unsubscribable | null = null;
    let ended = false;
    let everLive = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    // Each opening's callbacks count only while it is the current one.
    let generation = 0;

    const close = () => {
      generation += 1;
      subscription?.unsubscribe();
      subscription = null;
    };
    const open = () => {
      const opener = sourceRef.current;
      if (subscription || ended || !opener || opener.key !== key) return;
      const mine = ++generation;
      const current = () => mine === generation;
      send({ type: 'connection', connection: everLive ? 'reconnecting' : 'connecting' });
      subscription = opener.open(lastEventId, {
        onEvent: (event) => {
          if (!current()) return;
          lastEventId = Math.max(lastEventId, event.id);
          progressRef.current = { key, lastEventId };
          send({ type: 'event', event });
          if (event.type === 'terminal') {
            ended = true;
            // The server ends the stream after the terminal event; don't wait for it.
            queueMicrotask(close);
          }
        },
        onStarted: () => {
          if (!current()) return;
          everLive = true;
          send({ type: 'connection', connection: 'live' });
        },
        onConnectionState: (connectionState, error) => {
          if (!current()) return;
          if (connectionState === 'pending') {
            everLive = true;
            send({ type: 'connection', connection: 'live' });
          } else if (connectionState === 'connecting' && (everLive || error)) {
            send({ type: 'connection', connection: 'reconnecting' });
          }
        },
        onError: (error) => {
          if (!current()) return;
          subscription = null;
          send({ type: 'connection', connection: 'failed', error });
        },
        onComplete: () => {
          if (!current()) return;
          subscription = null;
          // Every stream ends with its terminal event; one that stops short is resumed.
          if (!ended && document.visibilityState === 'visible') {
            send({ type: 'connection', connection: 'reconnecting' });
            retryTimer = setTimeout(open, RESUME_DELAY_MS);
          }
        },
      });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        if (!subscription) return;
        close();
        send({ type: 'connection', connection: 'paused' });
      } else {
        open();
      }
    };

    if (document.visibilityState === 'hidden') send({ type: 'connection', connection: 'paused' });
    else open();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      disposed = true;
      ended = true;
      clearTimeout(retryTimer);
      close();
    };
  }, [key, attempt]);

  const current = state.key === key ? state : freshState(source);
  return {
    view: current.view,
    connection: current.connection,
    error: current.error,
    reconnect: () => setAttempt((count) => count + 1),
  };
}
