import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { retryAfterMs } from './retry-policy';
import { LlmError, type LlmErrorCode } from './types';

export interface Failure {
  error: LlmError;
  retryable: boolean;
  /** What the server asked us to wait (Retry-After), when it said. */
  retryAfterMs: number | undefined;
}

/** `APIError` with its generic parameters spelled out (the SDK's defaults are loose). */
type SdkApiError = APIError<number | undefined, Headers | undefined, object | undefined>;

function asApiError(error: unknown): SdkApiError | undefined {
  return error instanceof APIError ? (error as SdkApiError) : undefined;
}

const RETRYABLE_CODES: ReadonlySet<LlmErrorCode> = new Set([
  'rate_limited',
  'unavailable',
  'timeout',
]);

/**
 * Turns anything the `openai` SDK (or our own stream reading) throws into an `LlmError` with a
 * message a user can act on. Messages pass through `redact`, because providers echo keys back
 * ("Incorrect API key provided: sk-…") and upstream text ends up in task steps and logs.
 */
export function classifyFailure(
  error: unknown,
  context: { requestTimeoutMs: number; redact: (text: string) => string },
): Failure {
  const llmError = toLlmError(error, context);
  const apiError = asApiError(error);
  // OpenAI answers an exhausted balance with 429 too; waiting does not refill it.
  const quotaExhausted = apiError?.code === 'insufficient_quota';
  return {
    error: llmError,
    retryable: RETRYABLE_CODES.has(llmError.code) && !quotaExhausted,
    retryAfterMs: retryAfterMs(apiError?.headers),
  };
}

function toLlmError(
  error: unknown,
  { requestTimeoutMs, redact }: { requestTimeoutMs: number; redact: (text: string) => string },
): LlmError {
  if (error instanceof LlmError) return error;
  // Order matters: every SDK error below is a subclass of APIError.
  if (error instanceof APIUserAbortError)
    return new LlmError('aborted', 'The model request was cancelled.');
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError(
      'timeout',
      `The model provider did not start answering within ${requestTimeoutMs} ms.`,
      { cause: error },
    );
  }
  if (error instanceof APIConnectionError) {
    const reason = causeCode(error);
    return new LlmError(
      'unavailable',
      `Could not reach the model provider${reason ? ` (${reason})` : ''}.`,
      { cause: error },
    );
  }
  const apiError = asApiError(error);
  if (apiError) {
    const detail = redact(providerMessage(apiError));
    const status = apiError.status;
    if (status === undefined) {
      // The provider sent an `error` event in the middle of the stream.
      return new LlmError('unavailable', `The model provider reported an error: ${detail}`, {
        cause: apiError,
      });
    }
    if (status === 401 || status === 403) {
      // No cause: the SDK error carries the provider's text, which may quote part of the key.
      return new LlmError(
        'unauthorized',
        status === 401
          ? 'The model provider rejected the API key (HTTP 401). Check OPENAI_API_KEY.'
          : 'The model provider refused access with this API key (HTTP 403). Check the key and its project permissions.',
        { status },
      );
    }
    if (status === 429)
      return new LlmError(
        'rate_limited',
        `The model provider is rate limiting requests (HTTP 429): ${detail}`,
        { cause: apiError, status },
      );
    if (status === 408)
      return new LlmError('timeout', 'The model provider timed out the request (HTTP 408).', {
        cause: apiError,
        status,
      });
    if (status >= 500 || status === 409) {
      return new LlmError('unavailable', `The model provider failed (HTTP ${status}): ${detail}`, {
        cause: apiError,
        status,
      });
    }
    return new LlmError(
      'invalid_request',
      `The model provider refused the request (HTTP ${status}): ${detail}`,
      { cause: apiError, status },
    );
  }
  if (error instanceof SyntaxError) {
    return new LlmError('bad_response', 'The model provider sent a malformed stream event.', {
      cause: error,
    });
  }
  // Reading the body failed (the connection dropped mid-stream): undici throws TypeError('terminated').
  const reason = causeCode(error);
  return new LlmError(
    'unavailable',
    `The connection to the model provider broke${reason ? ` (${reason})` : ''}.`,
    { cause: error },
  );
}

function providerMessage(error: SdkApiError): string {
  const body = error.error;
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string')
    return body.message;
  return error.message.replace(/^\d{3}\s+/, '');
}

const CODE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the server closed the connection',
};

/** The most specific system error in a cause chain, in words (ECONNREFUSED → connection refused). */
function causeCode(error: unknown): string | undefined {
  let found: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    if ('code' in current && typeof current.code === 'string') found = current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return found && (CODE_WORDS[found] ?? found);
}

/**
 * Removes the API key (and anything shaped like an OpenAI key) from provider text, and keeps
 * it short enough for a task step.
 */
export function makeRedactor(apiKey: string): (text: string) => string {
  return (text) => {
    let result = text.length > 500 ? `${text.slice(0, 500)}…` : text;
    if (apiKey.length >= 8) result = result.replaceAll(apiKey, '[redacted]');
    return result.replace(/\bsk-[A-Za-z0-9_*.-]{4,}/g, 'sk-[redacted]');
  };
}
