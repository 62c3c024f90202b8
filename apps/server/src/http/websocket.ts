import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { appRouter, createRequestContext, type Services } from '@capecontrol/api';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { clientIpOf, requestIdOf, selfOriginOf } from './request-meta';

export interface WebSocketOptions {
  services: Services;
  trustProxy: boolean;
  allowedOrigins: string[];
}

/**
 * tRPC over WebSocket on /trpc (for clients using `wsLink`). Browsers send cookies with the
 * upgrade, so the Origin is checked before accepting (cross-site WebSocket hijacking); the CSRF
 * token for cookie-authenticated mutations travels in the connection params.
 */
export function attachWebSocket(server: Server, options: WebSocketOptions) {
  const { services, trustProxy, allowedOrigins } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 15_000, pongWaitMs: 10_000 },
    createContext: async ({ req, info }) => {
      const selfOrigin = selfOriginOf(req, trustProxy);
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(key, value);
      }
      headers.set('content-type', 'application/json');
      const params = info.connectionParams ?? {};
      if (params.csrfToken) headers.set('x-csrf-token', params.csrfToken);
      return createRequestContext(services, {
        req: new Request(`${selfOrigin}${req.url ?? '/trpc'}`, { headers }),
        resHeaders: new Headers(),
        ip: clientIpOf(req, trustProxy),
        requestId: requestIdOf(req),
        connectionParams: params,
      });
    },
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    const origin = req.headers.origin;
    const selfOrigin = selfOriginOf(req, trustProxy);
    const originAllowed =
      !origin ||
      (allowedOrigins.length > 0 ? allowedOrigins.includes(origin) : origin === selfOrigin);
    if (path !== '/trpc' || !originAllowed) {
      socket.write(
        `HTTP/1.1 ${originAllowed ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\n\r\n`,
      );
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  return {
    /** Open WebSocket connections. */
    get clients() {
      return wss.clients.size;
    },
    /** Tells clients to reconnect elsewhere, then closes every socket. */
    async close(): Promise<void> {
      server.off('upgrade', onUpgrade);
      handler.broadcastReconnectNotification();
      for (const client of wss.clients) client.close(1012, 'server restarting');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
