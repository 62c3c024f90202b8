import { useRef, useState, type KeyboardEvent, type ReactNode, type SubmitEvent } from 'react';
import { Button } from '../../components/button';
import { TextAreaField } from '../../components/field';
import { ArrowRightIcon, StopIcon } from '../../components/icons';

/**
 * Where questions are written: Enter sends, Shift+Enter starts a new line. While an answer
 * streams, Stop replaces nothing — it appears beside Send, which waits for the answer to end.
 */
export function ChatComposer({
  label,
  placeholder,
  busy,
  stopping,
  error,
  onSend,
  onStop,
  status,
  children,
}: {
  label: string;
  placeholder?: string;
  /** An answer is streaming: sending waits, Stop is offered. */
  busy: boolean;
  stopping: boolean;
  /** A problem with the question (too long…). */
  error?: string | undefined;
  /** Returns false when the question was not accepted (kept in the box). */
  onSend: (question: string) => boolean;
  onStop: () => void;
  /** The stream's connection, beside the buttons. */
  status?: ReactNode;
  /** More fields, under the question (the Specialist's domain and context). */
  children?: ReactNode;
}) {
  const [text, setText] = useState('');
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  const send = () => {
    const question = text.trim();
    if (!question || busy) return;
    if (onSend(question)) setText('');
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an input method is composing (Japanese, Chinese…) confirms the composition.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  return (
    <form className="composer" onSubmit={submit} noValidate>
      <TextAreaField
        ref={textareaRef}
        label={label}
        name="question"
        rows={2}
        placeholder={placeholder}
        value={text}
        maxLength={4000}
        onChange={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        error={error}
        hint={
          <>
            <kbd>Enter</kbd> to send, <kbd>Shift</kbd> + <kbd>Enter</kbd> for a new line
          </>
        }
      />
      {children}
      <div className="composer__actions">
        <div className="composer__status">{status}</div>
        {busy && (
          <Button
            variant="danger-outline"
            onClick={() => {
              onStop();
              // The Stop button goes away when the run ends: keep the focus somewhere useful.
              textareaRef.current?.focus();
            }}
            pending={stopping}
            pendingLabel="Stopping…"
          >
            <StopIcon />
            Stop
          </Button>
        )}
        <Button type="submit" disabled={busy || text.trim() === ''}>
          Send
          <ArrowRightIcon />
        </Button>
      </div>
    </form>
  );
}
