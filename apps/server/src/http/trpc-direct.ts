import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import type { TRPCRequestInfo } from '@trpc/server/http';
import {
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getRequestInfo,
  getTRPCErrorFromUnknown,
  isAbortError,
  isAsyncIterable,
  isTrackedEnvelope,
  transformTRPCResponse,
  TRPCError,
  type TRPCErrorShape,
  type TRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import { drainOrClose } from './responses';

/**
 * The hot path of /trpc without fetch `Request`/`Response` objects or web streams: one query or
 * one subscription by GET (no batch, no JSON-lines streaming). It parses the request with
 * tRPC's own `getRequestInfo` and formats results and errors with tRPC's own functions, so the
 * answers are byte-for-byte those of the fetch adapter; subscriptions are written as tRPC's SSE
 * protocol (`connected`, data with `id`, `ping`, `serialized-error`, `return`) straight to the
 * socket. Everything else goes through the fetch adapter (`trpc-bridge.ts`).
 */

export interface DirectCallOptions<TContext> {
  req: IncomingMessage;
  res: ServerResponse;
  router: AnyTRPCRouter;
  /** The procedure path (after `/trpc/`), still URL-encoded. */
  path: string;
  url: URL;
  /** Fires when the client goes away (or the server drains). */
  signal: AbortSignal;
  createContext(info: TRPCRequestInfo, resHeaders: Headers): Promise<TContext>;
  onError(opts: { error: TRPCError; path: string; type: string }): void;
  /** Headers every tRPC response carries (cache-control, …); SSE ones are added. */
  writeHead(status: number, headers: Record<string, string | string[]>, isStream: boolean): void;
  /** Register/unregister an open stream for shutdown. */
  onStreamOpen(): () => void;
}

/** Headers view of a Node request, enough for tRPC's request parsing. */
function headersOf(req: IncomingMessage) {
  const get = (name: string): string | null => {
    const value = req.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return { get, has: (name: string) => get(name) !== null };
}

/** Whether this request takes the direct path; decided before anything is read. */
export function isDirectCandidate(req: IncomingMessage, path: string, url: URL): boolean {
  if (req.method !== 'GET') return false;
  if (url.searchParams.has('batch') || path.includes(',')) return false;
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !contentType.startsWith('application/json')) return false;
  const accept = req.headers['trpc-accept'];
  if (accept !== undefined) return false;
  if (req.headers.accept?.split(',').some((type) => type.trim() === 'application/jsonl'))
    return false;
  return true;
}

/**
 * Serves the call when it is a query or subscription that exists; resolves false (having sent
 * nothing) otherwise, so the fetch adapter can answer with its own errors.
 */
export async function serveDirect<TContext>(
  options: DirectCallOptions<TContext>,
): Promise<boolean> {
  const { req, router, url, signal } = options;
  let path: string;
  try {
    path = decodeURIComponent(options.path);
  } catch {
    return false;
  }
  const procedure = await getProcedureAtPath(router, path);
  if (!procedure || procedure._def.type === 'mutation') return false;
  const type = procedure._def.type;
  const config = router._def._config;
  const headers = headersOf(req);
  let info: TRPCRequestInfo;
  try {
    info = await getRequestInfo({
      req: { method: 'GET', headers, signal, url: url.href } as unknown as Request,
      path,
      router,
      searchParams: url.searchParams,
      headers: headers as unknown as Headers,
      url,
      maxBatchSize: 1,
    });
  } catch {
    // Malformed connection params and the like: the fetch adapter words the error.
    return false;
  }
  const call = info.calls[0]!;
  const resHeaders = new Headers();
  let ctx: TContext | undefined;
  let data: unknown;
  let error: TRPCError | null = null;
  try {
    ctx = await options.createContext(info, resHeaders);
    data = (await procedure({
      path,
      getRawInput: call.getRawInput,
      ctx,
      type,
      signal,
      batchIndex: 0,
    })) as unknown;
  } catch (cause) {
    error = getTRPCErrorFromUnknown(cause);
    options.onError({ error, path, type });
  }
  const shapeOf = (failure: TRPCError): TRPCErrorShape =>
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- AnyTRPCRouter's error shape is any-typed
    getErrorShape({ config, ctx, error: failure, input: call.result(), path, type });
  const responseHeaders: Record<string, string | string[]> = { vary: 'trpc-accept, accept' };
  resHeaders.forEach((value, key) => {
    if (key !== 'set-cookie') responseHeaders[key] = value;
  });
  const cookies = resHeaders.getSetCookie();
  if (cookies.length > 0) responseHeaders['set-cookie'] = cookies;

  if (type === 'query') {
    if (!error && isDataStream(data)) {
      error = new TRPCError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message:
          'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
      });
    }
    const body: TRPCResponse = error ? { error: shapeOf(error) } : { result: { data } };
    const status = getHTTPStatusCode(body);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- AnyTRPCRouter's config is any-typed
    const payload = JSON.stringify(transformTRPCResponse(config, body));
    responseHeaders['content-type'] = 'application/json';
    options.writeHead(status, responseHeaders, false);
    options.res.end(payload);
    return true;
  }

  responseHeaders['content-type'] = 'text/event-stream';
  responseHeaders.connection = 'keep-alive';
  options.writeHead(200, responseHeaders, true);
  const done = options.onStreamOpen();
  try {
    await writeEvents(options.res, {
      iterable: error
        ? null
        : isAsyncIterable(data)
          ? data
          : new TRPCError({
              code: 'INTERNAL_SERVER_ERROR',
              message: `Subscription ${path} did not return an observable or a AsyncGenerator`,
            }),
      initialError: error,
      serialize: (value) => JSON.stringify(config.transformer.output.serialize(value)),
      client: config.sse?.client ?? {},
      pingMs: config.sse?.ping?.enabled ? (config.sse.ping.intervalMs ?? 1000) : 0,
      signal,
      formatError(failure) {
        const trpcError = getTRPCErrorFromUnknown(failure);
        options.onError({ error: trpcError, path, type });
        return shapeOf(trpcError);
      },
    });
  } finally {
    done();
  }
  return true;
}

function isDataStream(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (isAsyncIterable(value)) return true;
  return Object.values(value).some(
    (inner) => inner instanceof Promise || (inner !== null && isAsyncIterable(inner)),
  );
}

interface WriteEventsOptions {
  iterable: AsyncIterable<unknown> | TRPCError | null;
  initialError: TRPCError | null;
  serialize(value: unknown): string;
  client: object;
  pingMs: number;
  signal: AbortSignal;
  formatError(error: unknown): unknown;
}

/** tRPC's SSE wire format, written to the socket as each value arrives. */
async function writeEvents(res: ServerResponse, options: WriteEventsOptions): Promise<void> {
  const { signal } = options;
  let lastWrite = Date.now();
  const write = (frame: string): Promise<void> | undefined => {
    lastWrite = Date.now();
    if (res.destroyed || res.writableEnded) return undefined;
    if (res.write(frame)) return undefined;
    return drainOrClose(res);
  };
  const ping =
    options.pingMs > 0
      ? setInterval(() => {
          if (Date.now() - lastWrite >= options.pingMs) void write('event: ping\ndata: \n\n\n');
        }, options.pingMs)
      : null;
  ping?.unref();
  let iterator: AsyncIterator<unknown> | null = null;
  try {
    await write(`event: connected\ndata: ${JSON.stringify(options.client)}\n\n\n`);
    if (options.initialError) throw options.initialError;
    if (options.iterable instanceof TRPCError) throw options.iterable;
    if (!options.iterable) return;
    iterator = options.iterable[Symbol.asyncIterator]();
    // Subscriptions honour the abort signal, so a pending next() settles when the client leaves.
    for (;;) {
      const step = await iterator.next();
      if (signal.aborted || res.destroyed) return;
      if (step.done) break;
      const value = step.value;
      const frame = isTrackedEnvelope(value)
        ? `data: ${options.serialize(value[1])}\nid: ${value[0]}\n\n\n`
        : `data: ${options.serialize(value)}\n\n\n`;
      await write(frame);
    }
    iterator = null;
    await write('event: return\ndata: \n\n\n');
  } catch (cause) {
    if (!isAbortError(cause) && !signal.aborted) {
      await write(
        `event: serialized-error\ndata: ${options.serialize(options.formatError(cause))}\n\n\n`,
      );
    }
  } finally {
    if (ping) clearInterval(ping);
    // Ends the generator (its finally blocks unsubscribe); it has seen the abort signal.
    if (iterator?.return) void Promise.resolve(iterator.return()).catch(() => undefined);
    if (!res.writableEnded) res.end();
  }
}
