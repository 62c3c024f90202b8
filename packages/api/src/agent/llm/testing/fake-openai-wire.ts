import type { IncomingMessage, ServerResponse } from 'node:http';

/** OpenAI's chat-completions wire format, as the fake server sends it. */

export interface ChatWire {
  /** One `chat.completion.chunk` carrying `delta` for choice 0. */
  chunk(delta: object, finishReason?: string | null): object;
  /** The final chunk sent for `stream_options.include_usage`: no choices, just usage. */
  usageChunk(prompt: number, completion: number): object;
  /** A whole non-streamed `chat.completion`. */
  completion(content: string, prompt: number, completion: number): object;
}

export function chatWire(options: { id: string; model: string; includeUsage: boolean }): ChatWire {
  const created = Math.floor(Date.now() / 1000);
  const base = { id: options.id, created, model: options.model, system_fingerprint: 'fp_fake' };
  return {
    chunk: (delta, finishReason = null) => ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      // With include_usage, OpenAI sends `usage: null` on every chunk but the last.
      ...(options.includeUsage ? { usage: null } : {}),
    }),
    usageChunk: (prompt, completion) => ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [],
      usage: usageObject(prompt, completion),
    }),
    completion: (content, prompt, completion) => ({
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: usageObject(prompt, completion),
    }),
  };
}

export function usageObject(prompt: number, completion: number): object {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const ERRORS: Record<number, [message: string, type: string, code: string | null]> = {
  400: [
    "Invalid value for 'model': the model does not exist.",
    'invalid_request_error',
    'model_not_found',
  ],
  401: ['Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'],
  403: ['You are not allowed to access this project.', 'invalid_request_error', null],
  404: [
    'The model does not exist or you do not have access to it.',
    'invalid_request_error',
    'model_not_found',
  ],
  429: [
    'Rate limit reached for requests. Please try again in 1s.',
    'requests',
    'rate_limit_exceeded',
  ],
  500: [
    'The server had an error while processing your request. Sorry about that!',
    'server_error',
    null,
  ],
  503: ['The engine is currently overloaded, please try again later.', 'server_error', null],
};

/** The error body OpenAI sends with `status`. */
export function errorBody(status: number): object {
  const [message, type, code] = ERRORS[status] ?? [
    `Fake failure with status ${status}.`,
    'server_error',
    null,
  ];
  return { error: { message, type, param: null, code } };
}

/** Starts an SSE response; the returned function writes one `data:` event. */
export function openSse(
  res: ServerResponse,
  requestId: string,
): (data: object | string) => Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': requestId,
  });
  return (data) =>
    write(res, `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

/** Resolves once the bytes are handed to the socket, so `hangup` cannot drop unsent tokens. */
function write(res: ServerResponse, text: string): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => res.write(text, () => resolve()));
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The parts of a chat-completions request body the fake reads and tests inspect. */
export interface ChatRequestBody {
  model?: string;
  messages?: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: {
    type: string;
    json_schema?: { name: string; schema: Record<string, unknown>; strict?: boolean };
  };
}

/** Prompt tokens the fake reports by default: ≈ chars/4 of the messages. */
export function estimatePrompt(body: ChatRequestBody): number {
  const chars = (body.messages ?? []).reduce(
    (total, message) => total + String(message.content).length,
    0,
  );
  return Math.ceil(chars / 4);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

/** The request body as JSON ({} when it is not a JSON object). */
export function parseBody(text: string): ChatRequestBody {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
