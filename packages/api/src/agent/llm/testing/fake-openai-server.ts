import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  chatWire,
  errorBody,
  estimatePrompt,
  openSse,
  parseBody,
  readBody,
  sendJson,
  type ChatRequestBody,
} from './fake-openai-wire';

export type { ChatRequestBody } from './fake-openai-wire';

/** What the fake server does with the next chat-completions request. */
export type FakeScenario =
  | {
      kind: 'stream';
      tokens: string[];
      /** Pause before each token (benchmarks; tests gate with `beforeToken` instead of time). */
      delayMs?: number;
      /** Reported usage; default: prompt ≈ chars/4 of the messages, completion = token count. */
      usage?: { prompt: number; completion: number } | false;
      /** Awaited before token `index` is written: lets a test gate the server on the client. */
      beforeToken?: (index: number) => void | Promise<void>;
    }
  /** A non-streamed `chat.completion` (sent as JSON whatever the request asked). */
  | { kind: 'json'; content: string | object }
  | {
      kind: 'status';
      status: number;
      retryAfter?: string;
      headers?: Record<string, string>;
      body?: unknown;
    }
  /** Sends the headers and some tokens, then nothing, until the client gives up. */
  | { kind: 'stall'; afterTokens: string[] }
  /** Sends some tokens, then `data: {not json`, and keeps the connection open. */
  | { kind: 'malformed'; afterTokens?: string[] }
  /** Sends some tokens, then destroys the socket. */
  | { kind: 'hangup'; afterTokens: string[] }
  /** Never answers, not even with headers. */
  | { kind: 'silent' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body ({} if it was not a JSON object; see `rawBody`). */
  body: ChatRequestBody;
  rawBody: string;
  /** Date.now() when the request arrived. */
  time: number;
  scenario: FakeScenario['kind'];
  /** The client closed the connection before the response ended (final once `closed` settles). */
  aborted: boolean;
  /** Settles when the exchange is over: response ended or connection closed. */
  closed: Promise<void>;
}

export interface FakeOpenAi {
  /** Pass as the SDK's baseURL (ends in /v1). */
  baseURL: string;
  /** Scenarios for the next requests, in order; once they run out, the fallback answers. */
  enqueue(...scenarios: FakeScenario[]): void;
  requests: RecordedRequest[];
  /** Resolves once `count` chat-completions requests have arrived (bodies read). */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

type StreamGates = Pick<Extract<FakeScenario, { kind: 'stream' }>, 'delayMs' | 'beforeToken'>;

export const DEFAULT_ANSWER_TOKENS = ['Hello', ' from', ' the', ' fake', ' OpenAI', ' server', '.'];

export interface FakeOpenAiOptions {
  /** What a request gets when no scenario is queued (default: a short answer, no delay). */
  fallback?: FakeScenario;
}

/** An OpenAI-compatible HTTP server on 127.0.0.1 that streams, stalls and fails on demand. */
export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const fallback: FakeScenario = options.fallback ?? {
    kind: 'stream',
    tokens: DEFAULT_ANSWER_TOKENS,
  };
  const queue: FakeScenario[] = [];
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      sendJson(res, 404, errorBody(404));
      return;
    }
    const scenario = queue.shift() ?? fallback;
    let settle = (): void => undefined;
    const record: RecordedRequest = {
      method: req.method,
      path,
      headers: req.headers,
      body: parseBody(rawBody),
      rawBody,
      time: Date.now(),
      scenario: scenario.kind,
      aborted: false,
      closed: new Promise<void>((resolve) => (settle = resolve)),
    };
    requests.push(record);
    for (const waiter of waiters.splice(0)) {
      if (notYet(waiter)) waiters.push(waiter);
      else waiter.resolve();
    }
    let serverHungUp = false;
    res.on('close', () => {
      if (!res.writableFinished && !serverHungUp) record.aborted = true;
      settle();
    });

    const { body } = record;
    const number = requests.length;
    const includeUsage = body.stream_options?.include_usage === true;
    const wire = chatWire({
      id: `chatcmpl-fake${number}`,
      model: body.model ?? 'gpt-4o-mini',
      includeUsage,
    });
    const promptTokens = estimatePrompt(body);
    /** Opens the SSE stream and writes the role chunk and `tokens`; false if the client left. */
    const streamTokens = async (tokens: string[], gates: StreamGates = {}) => {
      const event = openSse(res, `req_fake${number}`);
      // Like OpenAI: the first chunk carries the role and empty content.
      await event(wire.chunk({ role: 'assistant', content: '', refusal: null }));
      for (const [index, token] of tokens.entries()) {
        await gates.beforeToken?.(index);
        if (gates.delayMs) await delay(gates.delayMs);
        if (res.destroyed) return undefined;
        await event(wire.chunk({ content: token }));
      }
      return res.destroyed ? undefined : event;
    };

    switch (scenario.kind) {
      case 'stream': {
        const event = await streamTokens(scenario.tokens, scenario);
        if (!event) return;
        await event(wire.chunk({}, 'stop'));
        if (includeUsage && scenario.usage !== false) {
          const usage = scenario.usage ?? {
            prompt: promptTokens,
            completion: scenario.tokens.length,
          };
          await event(wire.usageChunk(usage.prompt, usage.completion));
        }
        await event('[DONE]');
        res.end();
        return;
      }
      case 'json': {
        const { content } = scenario;
        const text = typeof content === 'string' ? content : JSON.stringify(content);
        sendJson(res, 200, wire.completion(text, promptTokens, Math.ceil(text.length / 4)));
        return;
      }
      case 'status': {
        const headers: Record<string, string> = { ...scenario.headers };
        if (scenario.retryAfter) headers['retry-after'] = scenario.retryAfter;
        sendJson(res, scenario.status, scenario.body ?? errorBody(scenario.status), headers);
        return;
      }
      case 'stall':
        await streamTokens(scenario.afterTokens);
        return;
      case 'malformed':
        await (
          await streamTokens(scenario.afterTokens ?? [])
        )?.('{not json');
        return;
      case 'hangup':
        if (await streamTokens(scenario.afterTokens)) {
          serverHungUp = true;
          req.socket.destroy();
        }
        return;
      case 'silent':
        return;
    }
  }

  const notYet = (waiter: { count: number }): boolean => waiter.count > requests.length;

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    enqueue: (...scenarios) => void queue.push(...scenarios),
    requests,
    waitForRequests: (count) =>
      new Promise<void>((resolve) => {
        if (notYet({ count })) waiters.push({ count, resolve });
        else resolve();
      }),
    close: async () => {
      // Stalled and silent exchanges never end by themselves.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
