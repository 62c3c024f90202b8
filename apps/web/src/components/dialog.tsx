import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons';

/**
 * A modal on the native <dialog> for work that takes more than a yes or no (installing,
 * editing): focus is trapped and starts on the title, Escape and the close button call
 * `onClose` unless `busy` (never close half-way through an action), and focus returns to the
 * opener when it closes.
 */
export function Dialog({
  open,
  title,
  children,
  busy = false,
  wide = false,
  onClose,
}: {
  open: boolean;
  title: string;
  /** A <DialogBody> and <DialogActions>; rendered only while open, so each opening starts afresh. */
  children: ReactNode;
  busy?: boolean;
  wide?: boolean;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // Start at the top, so the title is read first and Tab goes through the content in order.
      titleRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--panel${wide ? ' dialog--wide' : ''}`}
      aria-labelledby={titleId}
      aria-busy={busy || undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <div className="dialog__head">
        <h2 id={titleId} ref={titleRef} className="dialog__title" tabIndex={-1}>
          {title}
        </h2>
        <button
          type="button"
          className="dialog__close"
          onClick={onClose}
          disabled={busy}
          aria-label="Close"
        >
          <CloseIcon size={18} />
        </button>
      </div>
      {open && children}
    </dialog>
  );
}

/** The dialog's content; it scrolls when long, keeping the title and the actions in view. */
export function DialogBody({ children }: { children: ReactNode }) {
  return <div className="dialog__content">{children}</div>;
}

export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="dialog__actions dialog__actions--panel">{children}</div>;
}
