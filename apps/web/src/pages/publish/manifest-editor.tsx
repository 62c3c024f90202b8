import { useId, useRef, type ChangeEvent } from 'react';
import { Button } from '../../components/button';
import { AlertIcon, UploadIcon } from '../../components/icons';
import type { JsonSyntaxError } from '../../marketplace/manifest-json';

const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The manifest as JSON: typed or pasted into a monospace editor, or loaded from a file. A JSON
 * syntax error is shown under it with its line and column, the line itself, and a button that
 * puts the cursor there.
 */
export function ManifestEditor({
  value,
  onChange,
  syntaxError,
  onFileError,
}: {
  value: string;
  onChange: (text: string) => void;
  syntaxError: JsonSyntaxError | null;
  onFileError: (message: string | null) => void;
}) {
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const lines = value.split('\n').length;

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      onFileError(`${file.name} is larger than 1 MB; a manifest is much smaller.`);
      return;
    }
    try {
      onChange(await file.text());
      onFileError(null);
      textarea.current?.focus();
    } catch {
      onFileError(`Couldn't read ${file.name}.`);
    }
  };

  const goToError = () => {
    const element = textarea.current;
    if (!element || !syntaxError) return;
    element.focus();
    element.setSelectionRange(syntaxError.offset, Math.min(value.length, syntaxError.offset + 1));
    // Bring the line into view: roughly one line-height per line above it.
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
    element.scrollTop = Math.max(0, (syntaxError.line - 3) * lineHeight);
  };

  return (
    <div className={`field manifest-editor${syntaxError ? ' field--invalid' : ''}`}>
      <div className="manifest-editor__bar">
        <label className="field__label" htmlFor={`${id}-text`}>
          Manifest (JSON)
        </label>
        <div className="manifest-editor__tools">
          <input
            ref={fileInput}
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            tabIndex={-1}
            onChange={(event) => void onFile(event)}
          />
          <Button variant="secondary" size="sm" onClick={() => fileInput.current?.click()}>
            <UploadIcon />
            Upload a file
          </Button>
        </div>
      </div>
      <textarea
        ref={textarea}
        id={`${id}-text`}
        className="input input--code manifest-editor__text"
        value={value}
        rows={Math.min(28, Math.max(14, lines + 1))}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        aria-invalid={syntaxError ? true : undefined}
        aria-describedby={[hintId, syntaxError ? errorId : null].filter(Boolean).join(' ')}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      <p id={hintId} className="field__hint">
        The agent manifest, version 1. It is checked as you type; nothing is published until you
        press Publish.
      </p>
      {syntaxError && (
        <div id={errorId} className="json-error" role="alert">
          <p className="field__error">
            <AlertIcon size={15} />
            <span>
              Not valid JSON at line {syntaxError.line}, column {syntaxError.column}:{' '}
              {syntaxError.message}
            </span>
          </p>
          <ErrorExcerpt text={value} error={syntaxError} />
          {value.trim() !== '' && (
            <Button variant="secondary" size="sm" onClick={goToError}>
              Go to line {syntaxError.line}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

/** The line with the error and a caret under the column. */
function ErrorExcerpt({ text, error }: { text: string; error: JsonSyntaxError }) {
  const line = text.split('\n')[error.line - 1];
  if (line === undefined || line.trim() === '') return null;
  const gutter = `${error.line} | `;
  const shown =
    line.length > 120 ? line.slice(Math.max(0, error.column - 60), error.column + 60) : line;
  const caretAt = line.length > 120 ? Math.min(error.column - 1, 60) : error.column - 1;
  return (
    <pre className="json-error__excerpt" aria-hidden="true">
      {gutter}
      {shown}
      {'\n'}
      {' '.repeat(gutter.length + Math.max(0, caretAt))}^
    </pre>
  );
}
