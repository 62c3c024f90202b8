import type { TaskEvent } from '@capecontrol/schema';

export type Unsubscribe = () => void;

/** A control message to the worker running a task. */
export interface TaskControl {
  taskId: string;
  action: 'cancel';
}

/**
 * Fans task events out between processes. Postgres (`task_events`) is the record: the bus only
 * makes delivery fast. A subscriber that misses bus messages (or finds the bus down) catches up
 * from the database, so losing the bus loses nothing.
 */
export interface EventBus {
  readonly kind: 'in-process' | 'redis';
  /** False while the bus cannot deliver (Redis down): subscribers then poll the database. */
  healthy(): boolean;
  /** Publishes events already committed to `task_events`, in id order. */
  publish(taskId: string, events: TaskEvent[]): Promise<void>;
  /** Delivers events with id > `afterId` published from now on. */
  subscribe(
    taskId: string,
    afterId: number,
    listener: (events: TaskEvent[]) => void,
  ): Promise<Unsubscribe>;
  publishControl(control: TaskControl): Promise<void>;
  subscribeControl(listener: (control: TaskControl) => void): Promise<Unsubscribe>;
  /** Subscriptions currently open in this process (for metrics and leak checks). */
  subscriberCount(): number;
  close(): Promise<void>;
}

/**
 * The bus of a single process: listeners called directly. When API and worker run in separate
 * processes without Redis, it cannot carry events between them: create it with
 * `{ crossProcess: false }` so subscribers know to poll the database instead.
 */
export function createInProcessBus(options: { crossProcess?: boolean } = {}): EventBus {
  const delivers = options.crossProcess ?? true;
  const listeners = new Map<string, Set<(events: TaskEvent[]) => void>>();
  const controlListeners = new Set<(control: TaskControl) => void>();
  let count = 0;
  return {
    kind: 'in-process',
    healthy: () => delivers,
    async publish(taskId, events) {
      const set = listeners.get(taskId);
      if (!set || events.length === 0) return;
      for (const listener of [...set]) listener(events);
    },
    async subscribe(taskId, _afterId, listener) {
      let set = listeners.get(taskId);
      if (!set) {
        set = new Set();
        listeners.set(taskId, set);
      }
      set.add(listener);
      count += 1;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        count -= 1;
        set.delete(listener);
        if (set.size === 0) listeners.delete(taskId);
      };
    },
    async publishControl(control) {
      for (const listener of [...controlListeners]) listener(control);
    },
    async subscribeControl(listener) {
      controlListeners.add(listener);
      return () => controlListeners.delete(listener);
    },
    subscriberCount: () => count,
    async close() {
      listeners.clear();
      controlListeners.clear();
    },
  };
}
