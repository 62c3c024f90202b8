import type { AppRouter } from '@capecontrol/api';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
  type TRPCClient,
} from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { EventSource as EventSourcePonyfill } from 'eventsource';

export type { AppRouter } from '@capecontrol/api';
export type * from '@capecontrol/schema';
export { TRPCClientError } from '@trpc/client';

/** Inputs of every procedure, e.g. `RouterInputs['auth']['login']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `RouterOutputs['auth']['me']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type CapeClient = TRPCClient<AppRouter>;

type TokenSource = string | (() => string | null | undefined | Promise<string | null | undefined>);

export interface CapeClientOptions {
  /** Base URL of the CapeControl server, e.g. `http://localhost:3000`. */
  url: string;
  /** An API key (`cape_…`), sent as `Authorization: Bearer`. */
  apiKey?: TokenSource;
  /** An access token from `auth.login({ transport: 'bearer' })`; a function is asked before each request. */
  accessToken?: TokenSource;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof globalThis.fetch;
}

async function resolveToken(source: TokenSource | undefined): Promise<string | null> {
  if (source === undefined) return null;
  const value = typeof source === 'function' ? await source() : source;
  return value || null;
}

/**
 * A fully typed client for every CapeControl procedure: queries and mutations over batched
 * HTTP, subscriptions over server-sent events. Works in Node 20+ (with the `eventsource`
 * ponyfill, so headers reach the stream) and in browsers.
 *
 * ```ts
 * const cape = createCapeClient({ url: 'http://localhost:3000', apiKey: process.env.CAPE_API_KEY });
 * const me = await cape.auth.me.query();
 * ```
 */
export function createCapeClient(options: CapeClientOptions): CapeClient {
  if (options.apiKey !== undefined && options.accessToken !== undefined) {
    throw new TypeError('createCapeClient: pass apiKey or accessToken, not both');
  }
  const base = options.url.replace(/\/+$/, '');
  const endpoint = `${base}/trpc`;
  const fetchImpl = options.fetch ?? globalThis.fetch;

  const headers = async (): Promise<Record<string, string>> => {
    const token = await resolveToken(options.apiKey ?? options.accessToken);
    return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  };

  // Browsers have EventSource (which cannot send headers); Node 20 has none and uses the ponyfill.
  const browserWindow = (globalThis as { window?: { EventSource?: unknown } }).window;
  const isBrowser = typeof browserWindow?.EventSource === 'function';

  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: isBrowser
          ? httpSubscriptionLink({
              url: endpoint,
              // Browsers' EventSource cannot send headers; credentials go as connection params.
              connectionParams: async () => {
                const token = await resolveToken(options.apiKey ?? options.accessToken);
                return token ? { authorization: `Bearer ${token}` } : {};
              },
            })
          : httpSubscriptionLink({
              url: endpoint,
              EventSource: EventSourcePonyfill,
              eventSourceOptions: async () => {
                const extra = await headers();
                return {
                  fetch: (input, init) =>
                    fetchImpl(input, {
                      ...init,
                      headers: { ...(init?.headers as Record<string, string>), ...extra },
                    }),
                };
              },
            }),
        false: httpBatchLink({ url: endpoint, headers, fetch: fetchImpl }),
      }),
    ],
  });
}

/** True when `error` is a tRPC error from the server with the given code (e.g. 'UNAUTHORIZED'). */
export function isCapeError(error: unknown, code?: string): error is TRPCClientError<AppRouter> {
  if (!(error instanceof TRPCClientError)) return false;
  return code === undefined || (error.data as { code?: string } | undefined)?.code === code;
}
