export interface BackgroundLoop {
  /** Stops the loop and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (the first time at once when `immediately`), never two at a
 * time: the next run is scheduled when one ends, whether it succeeded or threw (the caller's
 * `run` logs its own failures). The timer does not keep the process alive.
 */
export function startBackgroundLoop(
  run: () => Promise<void>,
  options: { intervalMs: number; immediately?: boolean },
): BackgroundLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = run()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) schedule();
      });
  };
  const schedule = () => {
    timer = setTimeout(tick, options.intervalMs);
    timer.unref();
  };
  if (options.immediately) tick();
  else schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
