import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { startBackgroundLoop, type BackgroundLoop } from '../background-loop';
import { sealAuditLog } from './audit-chain';

export type AuditSealer = BackgroundLoop;

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
  return startBackgroundLoop(
    () =>
      sealAuditLog(db, { wait: false }).then(
        (sealed) => {
          if (sealed > 0) logger.debug({ sealed }, 'sealed audit events');
        },
        (error: unknown) => logger.warn({ err: error }, 'sealing the audit log failed'),
      ),
    { intervalMs },
  );
}
