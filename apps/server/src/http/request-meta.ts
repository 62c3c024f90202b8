import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** The caller's request id when it sent a sane one (tracing across services), else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * The client address. Behind a reverse proxy (TRUST_PROXY=true) it is the last hop the proxy
 * appended to X-Forwarded-For; otherwise the socket's peer, never a client-sent header.
 */
export function clientIpOf(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const value = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    const last = value
      ?.split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1);
    if (last) return last;
  }
  return req.socket.remoteAddress ?? null;
}

/** The origin the request was addressed to, for building absolute URLs. */
export function selfOriginOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwardedProto = trustProxy ? req.headers['x-forwarded-proto'] : undefined;
  const proto =
    typeof forwardedProto === 'string' ? forwardedProto.split(',')[0]?.trim() : undefined;
  const scheme =
    proto === 'https' || proto === 'http' ? proto : 'encrypted' in req.socket ? 'https' : 'http';
  const host =
    req.headers.host && /^[\w.:[\]-]+$/.test(req.headers.host) ? req.headers.host : 'localhost';
  return `${scheme}://${host}`;
}

/**
 * A fetch-Request-shaped view of a Node request (url, method, headers.get), for building the
 * tRPC context without copying every header into a `Headers` object.
 */
export function nodeRequestView(
  req: IncomingMessage,
  selfOrigin: string,
): { url: string; method: string; headers: { get(name: string): string | null } } {
  return {
    url: `${selfOrigin}${req.url ?? '/'}`,
    method: req.method ?? 'GET',
    headers: {
      get(name) {
        const value = req.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    },
  };
}
