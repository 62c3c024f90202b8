import OpenAI from 'openai';
import { setTimeout as delay } from 'node:timers/promises';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { Logger } from 'pino';
import { buildChatBody, readChunk, type ChunkReading } from './chat-protocol';
import { estimatePromptTokens, estimateTokens } from './estimate-tokens';
import { classifyFailure, makeRedactor } from './openai-errors';
import { retryDelayMs } from './retry-policy';
import { LlmError, type GenerateChunk, type GenerateRequest, type LlmClient } from './types';

export interface OpenAiClientOptions {
  apiKey: string;
  /** OpenAI itself when absent; any OpenAI-compatible server otherwise (vLLM, Ollama, …). */
  baseURL?: string;
  /** The default model; requests may override it. */
  model: string;
  /** Longest wait for the response headers of one attempt. */
  requestTimeoutMs: number;
  /** Longest silence between two stream events before the attempt is abandoned. */
  streamIdleTimeoutMs: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts and connection errors. */
  maxRetries: number;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Waits between retries; must reject (or resolve early) when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Source of retry jitter in [0, 1). */
  random?: () => number;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** An `LlmClient` over the `openai` SDK: streamed chat completions with our own retries and timeouts. */
export function createOpenAiClient(options: OpenAiClientOptions): LlmClient {
  const baseURL = options.baseURL ?? OPENAI_BASE_URL;
  const sdk = new OpenAI({
    apiKey: options.apiKey,
    baseURL,
    timeout: options.requestTimeoutMs,
    // Our retries know whether text was already relayed; the SDK's would not.
    maxRetries: 0,
    // Explicit values keep the SDK from reading OPENAI_* variables behind the config module.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    logLevel: 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  // OpenAI deprecated max_tokens (its reasoning models reject it); compatible servers may
  // know only max_tokens.
  const maxTokensField =
    new URL(baseURL).hostname === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens';
  const sleep =
    options.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }));
  const random = options.random ?? Math.random;
  const redact = makeRedactor(options.apiKey);

  /** One HTTP request: relays deltas as they arrive, then the usage chunk. */
  async function* attempt(
    body: ChatCompletionCreateParamsStreaming,
    request: GenerateRequest,
    signal: AbortSignal,
    progress: { text: string },
  ): AsyncGenerator<GenerateChunk, void> {
    const upstream = new AbortController();
    let idleExpired = false;
    const stopError = (): LlmError =>
      idleExpired && !signal.aborted
        ? new LlmError(
            'timeout',
            `The model provider sent nothing for ${options.streamIdleTimeoutMs} ms, so the request was abandoned.`,
          )
        : new LlmError('aborted', 'The model request was cancelled.');
    const stopped = new Promise<never>((_, reject) => {
      upstream.signal.addEventListener('abort', () => reject(stopError()), { once: true });
    });
    stopped.catch(() => undefined);
    const onCallerAbort = (): void => upstream.abort();
    signal.addEventListener('abort', onCallerAbort, { once: true });
    let idleTimer: NodeJS.Timeout | undefined;
    let iterator: AsyncIterator<unknown> | undefined;
    let completed = false;
    try {
      const stream = await sdk.chat.completions.create(body, { signal: upstream.signal });
      iterator = stream[Symbol.asyncIterator]();
      let finished = false;
      let last: ChunkReading | undefined;
      let usage: ChunkReading['usage'];
      for (;;) {
        // The clock runs only while we wait on the provider, not while the consumer is busy.
        idleTimer = setTimeout(() => {
          idleExpired = true;
          upstream.abort();
        }, options.streamIdleTimeoutMs);
        // Racing `stopped` makes an abort take effect even if the SDK were slow to notice it.
        const next = await Promise.race([iterator.next(), stopped]);
        clearTimeout(idleTimer);
        if (next.done) break;
        last = readChunk(next.value);
        finished ||= last.finished;
        usage = last.usage ?? usage;
        if (last.text) {
          progress.text += last.text;
          yield { type: 'delta', text: last.text };
        }
      }
      if (!finished)
        throw new LlmError(
          'unavailable',
          'The model provider ended the stream before the answer was complete.',
        );
      completed = true;
      // Providers that ignore stream_options send no usage; a chars/4 estimate keeps token
      // accounting roughly right rather than recording zero.
      yield {
        type: 'usage',
        promptTokens: usage?.promptTokens ?? estimatePromptTokens(request.messages),
        completionTokens: usage?.completionTokens ?? estimateTokens(progress.text),
        model: last?.model ?? body.model,
      };
    } catch (error) {
      // When its signal aborts, the SDK either throws its own abort error or just ends the
      // iteration (which lands here as "ended early"); either way, say why we aborted.
      if (upstream.signal.aborted && !completed) throw stopError();
      throw error;
    } finally {
      clearTimeout(idleTimer);
      signal.removeEventListener('abort', onCallerAbort);
      // Releases the connection on every early exit: failure, bad chunk, consumer `break`.
      if (!completed) upstream.abort();
      void iterator?.return?.().catch(() => undefined);
    }
  }

  async function* stream(
    request: GenerateRequest,
    signal: AbortSignal,
  ): AsyncGenerator<GenerateChunk, void> {
    const body = buildChatBody(request, request.model ?? options.model, maxTokensField);
    for (let attemptIndex = 0; ; attemptIndex += 1) {
      if (signal.aborted) throw new LlmError('aborted', 'The model request was cancelled.');
      const progress = { text: '' };
      try {
        yield* attempt(body, request, signal, progress);
        return;
      } catch (error) {
        const failure = classifyFailure(error, {
          requestTimeoutMs: options.requestTimeoutMs,
          redact,
        });
        const { code, status } = failure.error;
        if (!failure.retryable) throw failure.error;
        if (progress.text !== '') {
          // Retrying would send the already relayed text again.
          throw new LlmError(
            code,
            `${failure.error.message} The answer was cut off after partial output.`,
            { cause: failure.error.cause, status },
          );
        }
        if (attemptIndex >= options.maxRetries) {
          const attempts = attemptIndex + 1;
          throw new LlmError(
            code,
            `${failure.error.message} Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}.`,
            { cause: failure.error.cause, status },
          );
        }
        const waitMs = retryDelayMs(attemptIndex, failure.retryAfterMs, random);
        options.logger?.warn(
          { code, status, attempt: attemptIndex + 1, waitMs, model: body.model },
          'model request failed; retrying',
        );
        try {
          await sleep(waitMs, signal);
        } catch (sleepError) {
          if (signal.aborted) throw new LlmError('aborted', 'The model request was cancelled.');
          throw sleepError;
        }
      }
    }
  }

  return { provider: 'openai', model: options.model, stream };
}
