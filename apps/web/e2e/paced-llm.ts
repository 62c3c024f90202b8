import { createOfflineEngine, type LlmClient } from '@capecontrol/api';

export interface PacedLlm {
  llm: LlmClient;
  /** From now on, prose answers wait before each chunk until the test releases it. */
  hold(): void;
  /** Lets `count` more chunks through. */
  release(count?: number): void;
  /** Streams freely again (and lets every waiting chunk through). */
  releaseAll(): void;
  /** The next prose answer breaks off after its first chunk with this error. */
  failNext(message: string): void;
}

/**
 * The offline engine, with the test deciding when each chunk of a prose answer may go out, so a
 * browser test can see an answer part-way through — and press Stop there — without depending on
 * timing, or see one fail. Structured requests (the Specialist's JSON plan) are left alone.
 */
export function createPacedLlm(): PacedLlm {
  const offline = createOfflineEngine();
  let allowance = Number.POSITIVE_INFINITY;
  let waiters: (() => void)[] = [];
  let failure: string | null = null;

  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };

  async function permit(signal: AbortSignal): Promise<void> {
    while (allowance <= 0) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
    signal.throwIfAborted();
    allowance -= 1;
  }

  return {
    llm: {
      provider: offline.provider,
      model: offline.model,
      async *stream(request, signal) {
        const prose = !request.responseSchema;
        const fails = prose ? failure : null;
        if (fails !== null) failure = null;
        for await (const chunk of offline.stream(request, signal)) {
          if (chunk.type === 'delta' && prose) await permit(signal);
          yield chunk;
          if (fails !== null) throw new Error(fails);
        }
      },
    },
    hold() {
      allowance = 0;
    },
    release(count = 1) {
      allowance += count;
      wake();
    },
    releaseAll() {
      allowance = Number.POSITIVE_INFINITY;
      wake();
    },
    failNext(message) {
      failure = message;
    },
  };
}
