export interface TaskConfig {
  /** How long a claimed task stays leased without a heartbeat. */
  leaseMs: number;
  /** Default overall running-time limit of a task. */
  defaultTimeoutMs: number;
  /** Attempts before a task whose workers keep dying is failed. */
  maxAttempts: number;
  /** Tasks one worker process runs at once. */
  concurrency: number;
  /** Idle workers look for work at least this often (wake-ups make it faster). */
  pollIntervalMs: number;
  /** How often workers look for expired leases to re-claim. */
  reclaimIntervalMs: number;
  /** Subscribers re-read the database this often when the bus is unhealthy (and as a safety net). */
  streamPollMs: number;
  /** Subscribers re-read the database at least this often even when the bus looks healthy. */
  streamSafetyPollMs: number;
  /** Model tokens (prompt + completion) a task may use over all its attempts; null: no limit. */
  maxTokensPerTask: number | null;
  /** Steps a task may run over all its attempts; null: no limit. */
  maxStepsPerTask: number | null;
}

export const defaultTaskConfig: TaskConfig = {
  leaseMs: 30_000,
  defaultTimeoutMs: 5 * 60_000,
  maxAttempts: 3,
  concurrency: 8,
  pollIntervalMs: 1_000,
  reclaimIntervalMs: 2_000,
  streamPollMs: 500,
  streamSafetyPollMs: 10_000,
  maxTokensPerTask: null,
  maxStepsPerTask: null,
};
