import { TRPCClientError } from '@trpc/client';

/** The exit codes `cape` promises (documented in `cape --help`). */
export const ExitCode = {
  ok: 0,
  /** The operation failed: validation blocked, task failed, the server refused the request. */
  failure: 1,
  /** The command line was wrong. */
  usage: 2,
  /** Not signed in, or the server refused the credentials or the permission. */
  auth: 3,
  /** The server could not be reached. */
  network: 4,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the person at the terminal: its message is printed as is, then `exit`. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** A second line suggesting what to do next. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(ExitCode.usage, message, hint);
    this.name = 'UsageError';
  }
}

/** The tRPC error code of a server error (`UNAUTHORIZED`, `NOT_FOUND`, …), if it is one. */
export function serverErrorCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { code?: unknown } | null | undefined;
  return typeof data?.code === 'string' ? data.code : null;
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 8) {
    chain.push(current);
    current = current.cause;
  }
  if (current !== undefined && !(current instanceof Error)) chain.push(current);
  return chain;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** The low-level reason a request never got an answer (`ECONNREFUSED`, …), if that is what happened. */
export function networkFailure(error: unknown): string | null {
  if (serverErrorCode(error) !== null) return null;
  for (const link of causeChain(error)) {
    const code = (link as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  // undici reports every connection failure as `TypeError: fetch failed`, with the reason below.
  const chain = causeChain(error);
  const failedAt = chain.findIndex(
    (link) => link instanceof TypeError && /fetch failed/i.test(link.message),
  );
  if (failedAt < 0) return null;
  const reason = chain[chain.length - 1];
  return reason !== chain[failedAt] && reason instanceof Error ? reason.message : 'fetch failed';
}

/**
 * Turns anything thrown by a command into what the person should read and the exit code.
 * Server errors keep the server's own words; nothing ever prints a stack trace.
 */
export function describeError(error: unknown, url: string | null): CliError {
  // A CliError thrown inside a link (say, while refreshing the session) arrives wrapped.
  const own = causeChain(error).find((link): link is CliError => link instanceof CliError);
  if (own) return own;
  const network = networkFailure(error);
  if (network !== null) {
    const where = url ?? 'the server';
    const reason = network === 'fetch failed' ? '' : ` (${network})`;
    return new CliError(
      ExitCode.network,
      `Could not reach the CapeControl server at ${where}${reason}.`,
      'Is it running? Set the address with --url or CAPE_URL, or sign in again with `cape login --url …`.',
    );
  }
  const code = serverErrorCode(error);
  if (error instanceof TRPCClientError && code !== null) {
    const message = error.message || code;
    if (code === 'UNAUTHORIZED') {
      return new CliError(ExitCode.auth, message, 'Sign in with `cape login`.');
    }
    if (code === 'FORBIDDEN') return new CliError(ExitCode.auth, message);
    if (code === 'TOO_MANY_REQUESTS') {
      const retry = (error.data as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      const hint = typeof retry === 'number' ? `Try again in ${retry} s.` : undefined;
      return new CliError(ExitCode.failure, message, hint);
    }
    return new CliError(ExitCode.failure, message);
  }
  if (error instanceof TRPCClientError) {
    // An answer that is not a tRPC response: something else is listening at that address.
    return new CliError(
      ExitCode.network,
      `The server at ${url ?? 'that address'} did not answer like a CapeControl server: ${error.message}`,
      'Check the address (--url or CAPE_URL).',
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(ExitCode.failure, `Unexpected error: ${message}`);
}
