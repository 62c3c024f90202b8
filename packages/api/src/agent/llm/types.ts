/** The contract between agents and language models; `openai-client.ts` and `offline-engine.ts` implement it. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateRequest {
  /** Overrides the client's default model (agents may choose their own). */
  model?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for JSON matching this JSON Schema (OpenAI `response_format: json_schema`). */
  responseSchema?: { name: string; schema: Record<string, unknown> };
  /**
   * What the offline engine answers when no model is configured: built by the agent from
   * retrieval or playbooks, deterministic for the same inputs. For `responseSchema`
   * requests it must be JSON text matching the schema.
   */
  offline: () => string | Promise<string>;
}

export type GenerateChunk =
  | { type: 'delta'; text: string }
  | { type: 'usage'; promptTokens: number; completionTokens: number; model: string };

export type LlmErrorCode =
  /** 429 after every retry. */
  | 'rate_limited'
  /** 5xx, connection refused or reset, after every retry. */
  | 'unavailable'
  /** No answer (or no next chunk) within the time limit. */
  | 'timeout'
  /** The provider answered something unusable (malformed stream, bad JSON). */
  | 'bad_response'
  /** 401/403: wrong or missing key. */
  | 'unauthorized'
  /** 400/404/422: the request itself is wrong (unknown model, too long). */
  | 'invalid_request'
  /** The caller aborted (task cancelled, timed out, lease lost). */
  | 'aborted';

export class LlmError extends Error {
  readonly code: LlmErrorCode;
  readonly status: number | undefined;

  constructor(
    code: LlmErrorCode,
    message: string,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LlmError';
    this.code = code;
    this.status = options.status;
  }
}

export interface LlmClient {
  readonly provider: 'openai' | 'offline';
  /** The default model name (for the offline engine: `offline`). */
  readonly model: string;
  /**
   * Streams one completion. Ends with exactly one `usage` chunk. Aborting `signal` aborts the
   * upstream HTTP request and makes the iterator throw `LlmError('aborted')`.
   */
  stream(request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateChunk>;
}
