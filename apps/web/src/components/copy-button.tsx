import { useEffect, useState, type RefObject } from 'react';
import { Button } from './button';
import { CheckIcon, CopyIcon } from './icons';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies `value` to the clipboard. Where the Clipboard API is unavailable (plain http on a LAN
 * address is not a secure context) it selects the text in `selectOnFailure` and says so.
 */
export function CopyButton({
  value,
  label = 'Copy',
  selectOnFailure,
}: {
  value: string;
  label?: string;
  selectOnFailure?: RefObject<HTMLInputElement | null>;
}) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      selectOnFailure?.current?.select();
      selectOnFailure?.current?.focus();
      setState('failed');
    }
  };

  return (
    <>
      <Button variant="secondary" onClick={() => void copy()}>
        {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
        <span>{state === 'copied' ? 'Copied' : label}</span>
      </Button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Copied to the clipboard.' : ''}
      </span>
      {state === 'failed' && (
        <p className="copy-failed" role="alert">
          Your browser blocked copying. The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.
        </p>
      )}
    </>
  );
}
