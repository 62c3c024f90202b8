import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { sendJson } from './responses';

/**
 * `GET /metrics` in the Prometheus text format. With a token configured, only
 * `Authorization: Bearer <token>` may read it.
 */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  registry: Registry,
  token: string | undefined,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return sendJson(res, 405, { error: 'Method not allowed' });
  if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
    res.setHeader('www-authenticate', 'Bearer realm="metrics"');
    return sendJson(res, 401, { error: 'This endpoint needs the metrics token.' });
  }
  const body = await registry.metrics();
  res.writeHead(200, {
    'content-type': registry.contentType,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
