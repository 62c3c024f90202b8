/**
 * HTTP load: a trivial tRPC query through CapeControl's server, through tRPC's stock standalone
 * adapter serving the same router and context, and from a bare node:http handler (the
 * ceiling); then an authenticated query with one database read (`auth.me`, bearer token)
 * through our server and the standalone adapter. autocannon drives each in a child process;
 * variants alternate within each repeat. Method: BENCHMARKS.md.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appRouter, createRequestContext, type Services } from '@capecontrol/api';
import { publicProcedure, router } from '@capecontrol/api/testing';
import { createCapeClient } from '@capecontrol/client';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { createApp, parseEnv, type App } from '../src/index';
import { nodeRequestView } from '../src/http/request-meta';
import { createLogger } from '../src/logger';
import { autocannon, type LoadResult } from './lib/autocannon';
import type { ScratchServer } from './lib/scratch';
import { summarizeRepeats, type RepeatSummary } from './lib/stats';
import { pino } from 'pino';

/** The app's router plus one procedure that does nothing, built with the app's own middleware. */
export const benchRouter = router({
  ...appRouter._def.record,
  bench: router({ ping: publicProcedure.query(() => ({ ok: true })) }),
});

const PING_PATH = '/trpc/bench.ping';
const PING_BODY = JSON.stringify({ result: { data: { ok: true } } });

export interface HttpLoadOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  repeats: number;
}

export interface VariantResult {
  label: string;
  requestsPerSecond: RepeatSummary;
  p50: RepeatSummary;
  p99: RepeatSummary;
  errors: number;
  non2xx: number;
  runs: LoadResult[];
}

export interface HttpLoadResult {
  options: HttpLoadOptions;
  trivial: Record<'bare' | 'standalone' | 'capecontrol', VariantResult>;
  authenticated: Record<'standalone' | 'capecontrol', VariantResult>;
  /** Our requests/s ÷ the standalone adapter's, within each repeat. */
  trivialRatioByRepeat: RepeatSummary;
  ceilingRatioByRepeat: RepeatSummary;
  authenticatedRatioByRepeat: RepeatSummary;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

/** tRPC's standalone adapter over the same router, context and services as our server. */
function standaloneServer(services: Services): Server {
  return createHTTPServer({
    router: benchRouter,
    basePath: '/trpc/',
    maxBatchSize: 25,
    createContext: ({ req }) =>
      createRequestContext(services, {
        req: nodeRequestView(req, `http://${req.headers.host ?? 'localhost'}`),
        resHeaders: new Headers(),
        ip: req.socket.remoteAddress ?? null,
        requestId: randomUUID(),
      }),
  });
}

function summarize(label: string, runs: LoadResult[]): VariantResult {
  return {
    label,
    requestsPerSecond: summarizeRepeats(runs.map((run) => run.requestsPerSecond)),
    p50: summarizeRepeats(runs.map((run) => run.p50)),
    p99: summarizeRepeats(runs.map((run) => run.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    runs,
  };
}

export async function benchHttpLoad(
  scratch: ScratchServer,
  options: HttpLoadOptions,
  log: (line: string) => void,
): Promise<HttpLoadResult> {
  const database = await scratch.create('http');
  const parsed = parseEnv({ DATABASE_URL: database.url, LOG_LEVEL: 'info' });
  if (!parsed.ok) throw new Error(parsed.message);
  // Production logging (one JSON line per request), written to /dev/null instead of a terminal.
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
  let app: App | undefined;
  const servers: Server[] = [];
  try {
    app = await createApp({ env: parsed.env, role: 'api', router: benchRouter, logger });
    const ours = await app.listen(0, '127.0.0.1');
    const standalone = standaloneServer(app.services);
    const bare = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(PING_BODY);
    });
    servers.push(standalone, bare);
    const urls = {
      capecontrol: ours,
      standalone: await listen(standalone),
      bare: await listen(bare),
    };

    const session = await createCapeClient({ url: ours }).auth.register.mutate({
      email: 'load@example.com',
      password: 'correct horse battery staple',
      displayName: 'Load',
      transport: 'bearer',
    });
    if (!('accessToken' in session) || typeof session.accessToken !== 'string') {
      throw new Error('register did not return a bearer token');
    }
    const bearer = { authorization: `Bearer ${session.accessToken}` };

    const load = (url: string, headers?: Record<string, string>, seconds = options.seconds) =>
      autocannon(url, {
        connections: options.connections,
        seconds,
        ...(headers ? { headers } : {}),
      });

    const trivialKeys = ['bare', 'standalone', 'capecontrol'] as const;
    const authKeys = ['standalone', 'capecontrol'] as const;
    log(`  warm-up ${options.warmupSeconds} s per variant`);
    for (const key of trivialKeys)
      await load(`${urls[key]}${PING_PATH}`, undefined, options.warmupSeconds);
    for (const key of authKeys)
      await load(`${urls[key]}/trpc/auth.me`, bearer, options.warmupSeconds);

    const trivialRuns = {
      bare: [] as LoadResult[],
      standalone: [] as LoadResult[],
      capecontrol: [] as LoadResult[],
    };
    const authRuns = { standalone: [] as LoadResult[], capecontrol: [] as LoadResult[] };
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      // Rotate the order so no variant always runs first (or right after the hungriest one).
      for (let index = 0; index < trivialKeys.length; index += 1) {
        const key = trivialKeys[(index + repeat) % trivialKeys.length]!;
        trivialRuns[key].push(await load(`${urls[key]}${PING_PATH}`));
      }
      for (let index = 0; index < authKeys.length; index += 1) {
        const key = authKeys[(index + repeat) % authKeys.length]!;
        authRuns[key].push(await load(`${urls[key]}/trpc/auth.me`, bearer));
      }
      log(
        `  repeat ${repeat + 1}/${options.repeats}: ping ${trivialKeys.map((key) => `${key} ${trivialRuns[key].at(-1)!.requestsPerSecond.toFixed(0)}/s`).join(', ')}; auth.me ${authKeys.map((key) => `${key} ${authRuns[key].at(-1)!.requestsPerSecond.toFixed(0)}/s`).join(', ')}`,
      );
    }
    const byRepeat = (ours: LoadResult[], base: LoadResult[]) =>
      summarizeRepeats(
        ours.map((run, index) => run.requestsPerSecond / base[index]!.requestsPerSecond),
      );
    return {
      options,
      trivial: {
        bare: summarize('bare node:http (ceiling)', trivialRuns.bare),
        standalone: summarize('tRPC standalone adapter (baseline)', trivialRuns.standalone),
        capecontrol: summarize('CapeControl server', trivialRuns.capecontrol),
      },
      authenticated: {
        standalone: summarize('tRPC standalone adapter (baseline)', authRuns.standalone),
        capecontrol: summarize('CapeControl server', authRuns.capecontrol),
      },
      trivialRatioByRepeat: byRepeat(trivialRuns.capecontrol, trivialRuns.standalone),
      ceilingRatioByRepeat: byRepeat(trivialRuns.capecontrol, trivialRuns.bare),
      authenticatedRatioByRepeat: byRepeat(authRuns.capecontrol, authRuns.standalone),
    };
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await app?.close();
    logger.flush();
    await scratch.drop(database.name);
  }
}
