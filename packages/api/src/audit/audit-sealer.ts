import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { sealAuditLog } from './audit-chain';

export interface AuditSealer {
  /** Stops the loop and waits for a seal in progress. */
  stop(): Promise<void>;
}

/**
 * Seals new audit rows every `intervalMs` in the background. Any number of processes may run
 * one: a process finding another mid-seal skips its turn instead of queueing behind it.
 */
export function startAuditSealer(options: {
  db: Kysely<DB>;
  logger: Logger;
  intervalMs: number;
}): AuditSealer {
  const { db, logger, intervalMs } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = sealAuditLog(db, { wait: false })
      .then(
        (sealed) => {
          if (sealed > 0) logger.debug({ sealed }, 'sealed audit events');
        },
        (error: unknown) => logger.warn({ err: error }, 'sealing the audit log failed'),
      )
      .finally(() => {
        if (!stopped) schedule();
      });
  };
  const schedule = () => {
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
