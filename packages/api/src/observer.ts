import type { ProcedureType } from '@trpc/server';

/**
 * What the API reports about itself, for metrics. The server plugs in Prometheus; tests and
 * embedders that want nothing get `silentObserver`.
 */
export interface ApiObserver {
  /**
   * A procedure call ended: `code` is `ok` or the tRPC error code it answered with. For a
   * subscription, the call ends once its stream is set up.
   */
  procedure(path: string, type: ProcedureType, code: string, seconds: number): void;
}

export const silentObserver: ApiObserver = { procedure: () => undefined };
