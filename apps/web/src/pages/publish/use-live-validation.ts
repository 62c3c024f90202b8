import { useEffect, useRef, useState } from 'react';
import { useApiClients } from '../../api/api-provider';
import { errorMessage } from '../../api/errors';
import type { ValidationReport } from '../../marketplace/marketplace-types';

/** How long editing pauses before the manifest is validated again. */
const VALIDATE_DEBOUNCE_MS = 600;

export type LiveValidation =
  | { state: 'idle' }
  | { state: 'checking'; report: ValidationReport | null }
  | { state: 'checked'; report: ValidationReport; for: string }
  | { state: 'failed'; message: string; report: ValidationReport | null };

/**
 * Validates a manifest on the server as the publisher edits it: once they pause, only the
 * newest text, and an answer that arrives after a newer edit is dropped. `source` is the text
 * the manifest was parsed from (null while it isn't valid JSON: nothing to send).
 */
export function useLiveValidation(manifest: unknown, source: string | null): LiveValidation {
  const { trpcClient } = useApiClients();
  const [result, setResult] = useState<LiveValidation>({ state: 'idle' });
  const latest = useRef(0);
  const manifestRef = useRef(manifest);
  useEffect(() => {
    manifestRef.current = manifest;
  });

  useEffect(() => {
    if (source === null) return;
    const request = ++latest.current;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setResult((previous) => ({ state: 'checking', report: reportOf(previous) }));
      trpcClient.marketplace.agents.validate
        .mutate({ manifest: manifestRef.current }, { signal: controller.signal })
        .then(
          (report) => {
            if (request === latest.current) setResult({ state: 'checked', report, for: source });
          },
          (error: unknown) => {
            if (request !== latest.current || controller.signal.aborted) return;
            setResult((previous) => ({
              state: 'failed',
              message: errorMessage(error),
              report: reportOf(previous),
            }));
          },
        );
    }, VALIDATE_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [source, trpcClient]);

  return result;
}

export function reportOf(result: LiveValidation): ValidationReport | null {
  return result.state === 'idle' ? null : result.report;
}
