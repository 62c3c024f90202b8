import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, appRouter, createRequestContext, type Services } from '@capecontrol/api';
import type { AnyTRPCRouter, TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { drainOrClose, sendJson } from './responses';
import { clientIpOf, nodeRequestView, selfOriginOf } from './request-meta';
import { isDirectCandidate, serveDirect } from './trpc-direct';

export interface TrpcBridgeOptions {
  services: Services;
  maxBodyBytes: number;
  trustProxy: boolean;
  /** Streams in flight, so shutdown can end them and let clients reconnect elsewhere. */
  openStreams: Set<AbortController>;
  /** Default: the app's router. */
  router?: AnyTRPCRouter;
}

const MAX_BATCH_SIZE = 25;

/**
 * Serves /trpc with tRPC's fetch adapter behind plain node:http: buffered request bodies with a
 * size limit, streamed responses (SSE subscriptions) with back-pressure, and an abort signal
 * that fires when the client goes away.
 */
export function createTrpcBridge(options: TrpcBridgeOptions) {
  const { services, maxBodyBytes, trustProxy, openStreams } = options;
  const router = options.router ?? appRouter;

  return async function handleTrpc(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const selfOrigin = selfOriginOf(req, trustProxy);
    const ip = clientIpOf(req, trustProxy);
    const abort = new AbortController();
    const onClose = () => abort.abort();
    res.once('close', onClose);

    if (method === 'GET') {
      const url = new URL(req.url ?? '/', selfOrigin);
      const path = url.pathname.slice('/trpc'.length).replace(/^\/+|\/+$/g, '');
      if (isDirectCandidate(req, path, url)) {
        const served = await serveDirect({
          req,
          res,
          router,
          path,
          url,
          signal: abort.signal,
          createContext: (info, resHeaders) =>
            createRequestContext(services, {
              req: nodeRequestView(req, selfOrigin),
              resHeaders,
              ip,
              requestId,
              connectionParams: info.connectionParams,
            }),
          onError: ({ error, path: procedurePath }) =>
            logFailure(services, error, procedurePath, requestId),
          writeHead: (status, headers, isStream) =>
            res.writeHead(status, { ...headers, ...responseCacheHeaders(isStream) }),
          onStreamOpen: () => {
            openStreams.add(abort);
            return () => openStreams.delete(abort);
          },
        });
        if (served) {
          res.off('close', onClose);
          return;
        }
      }
    }

    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      const read = await readBody(req, maxBodyBytes);
      if (!read.ok) {
        sendTrpcError(
          res,
          413,
          'PAYLOAD_TOO_LARGE',
          `Request body too large: the limit is ${maxBodyBytes} bytes.`,
        );
        req.resume();
        return;
      }
      body = read.body;
    }

    // tRPC's httpLink sends no body for a mutation without input, which its own JSON parser
    // then rejects; an empty object is what such procedures accept.
    const isBatch = (req.url ?? '').includes('batch=1');
    if (
      body?.length === 0 &&
      !isBatch &&
      req.headers['content-type']?.startsWith('application/json')
    ) {
      body = Buffer.from('{}');
    }
    const request = new Request(`${selfOrigin}${req.url ?? '/'}`, {
      method,
      headers: toFetchHeaders(req),
      body: body === undefined ? undefined : new Uint8Array(body),
      signal: abort.signal,
    });
    const response = await fetchRequestHandler({
      endpoint: '/trpc',
      req: request,
      router,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ req: fetchRequest, resHeaders, info }) =>
        createRequestContext(services, {
          req: fetchRequest,
          resHeaders,
          ip,
          requestId,
          connectionParams: info.connectionParams,
        }),
      onError: ({ error, path }) => logFailure(services, error, path, requestId),
    });

    const isStream = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
    const headers: Record<string, string | string[]> = {};
    response.headers.forEach((value, key) => {
      if (key !== 'set-cookie') headers[key] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) headers['set-cookie'] = cookies;
    res.writeHead(response.status, { ...headers, ...responseCacheHeaders(isStream) });
    if (!response.body) {
      res.end();
      return;
    }
    if (isStream) openStreams.add(abort);
    try {
      await pipeBody(response.body, res);
    } finally {
      openStreams.delete(abort);
      res.off('close', onClose);
    }
  };
}

function responseCacheHeaders(isStream: boolean): Record<string, string> {
  // Keep reverse proxies (nginx and friends) from buffering the event stream.
  return isStream
    ? { 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' }
    : { 'cache-control': 'no-store' };
}

function logFailure(
  services: Services,
  error: TRPCError,
  path: string | undefined,
  requestId: string,
): void {
  // Domain errors surfacing from a stream are answers, not failures.
  if (error.code === 'INTERNAL_SERVER_ERROR' && !(error.cause instanceof AppError)) {
    services.logger.error(
      { err: error.cause ?? error, path, reqId: requestId },
      'tRPC request failed',
    );
  }
}

async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ ok: true; body: Buffer } | { ok: false }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return { ok: false };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false };
    chunks.push(chunk as Buffer);
  }
  return { ok: true, body: Buffer.concat(chunks) };
}

function toFetchHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || key.startsWith(':')) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else headers.set(key, value);
  }
  return headers;
}

async function pipeBody(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => undefined);
  };
  res.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) break;
      if (!res.write(value)) await drainOrClose(res);
    }
  } catch {
    // The client went away mid-stream; nothing to send.
  } finally {
    res.off('close', cancel);
    if (!res.writableEnded) res.end();
  }
}

function sendTrpcError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { message, code: -32600, data: { code, httpStatus: status } } });
}
