import type { CreatedApiKey } from '@capecontrol/schema';
import { useEffect, useId, useRef } from 'react';
import { Button } from '../../components/button';
import { CopyButton } from '../../components/copy-button';
import { WarningIcon } from '../../components/icons';

/** The one and only time a key's secret is shown. */
export function NewKeySecret({
  created,
  onDismiss,
}: {
  created: CreatedApiKey;
  onDismiss: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();

  useEffect(() => {
    headingRef.current?.focus();
  }, [created.apiKey.id]);

  return (
    <div className="secret" role="region" aria-labelledby={`${inputId}-heading`}>
      <h3 id={`${inputId}-heading`} ref={headingRef} tabIndex={-1} className="secret__title">
        API key “{created.apiKey.name}” created
      </h3>
      <p className="secret__warning">
        <WarningIcon size={18} />
        <span>
          <strong>Copy it now — you won&apos;t see it again.</strong> We only keep a fingerprint of
          it. Store it in a password manager or your CI&apos;s secret store.
        </span>
      </p>
      <label htmlFor={inputId} className="field__label">
        Your new API key
      </label>
      <div className="secret__row">
        <input
          ref={inputRef}
          id={inputId}
          className="input input--mono"
          readOnly
          value={created.secret}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton value={created.secret} selectOnFailure={inputRef} />
      </div>
      <div className="secret__actions">
        <Button variant="primary" onClick={onDismiss}>
          Done, I&apos;ve saved it
        </Button>
      </div>
    </div>
  );
}
