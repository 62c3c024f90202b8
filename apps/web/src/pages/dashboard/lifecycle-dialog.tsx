import { useEffect, useState, type SubmitEvent } from 'react';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { Dialog, DialogActions, DialogBody } from '../../components/dialog';
import { TextAreaField } from '../../components/field';
import { useToast } from '../../components/toast';

export type LifecycleAction =
  | { kind: 'deprecate'; version: string | null }
  | { kind: 'undeprecate'; version: string | null }
  | { kind: 'yank'; version: string }
  | { kind: 'unyank'; version: string };

const TITLES: Record<LifecycleAction['kind'], string> = {
  deprecate: 'Deprecate',
  undeprecate: 'Lift the deprecation of',
  yank: 'Yank',
  unyank: 'Undo the yank of',
};

/**
 * Deprecating (with a message people will read), yanking (with a reason) and undoing either.
 * What each does to existing installations is said before it is done.
 */
export function LifecycleDialog({
  name,
  action,
  onClose,
}: {
  name: string;
  action: LifecycleAction | null;
  onClose: () => void;
}) {
  const target = action?.version ? `${name} ${action.version}` : `every version of ${name}`;
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      open={action !== null}
      title={action ? `${TITLES[action.kind]} ${target}?` : ''}
      busy={busy}
      onClose={onClose}
    >
      {action && (
        <LifecycleForm
          name={name}
          action={action}
          target={target}
          onBusy={setBusy}
          onClose={onClose}
        />
      )}
    </Dialog>
  );
}

function LifecycleForm({
  name,
  action,
  target,
  onBusy,
  onClose,
}: {
  name: string;
  action: LifecycleAction;
  target: string;
  onBusy: (busy: boolean) => void;
  onClose: () => void;
}) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const done = (message: string) => {
    void utils.marketplace.invalidate();
    toast.success(message);
    onClose();
  };
  const deprecate = trpc.marketplace.agents.deprecate.useMutation();
  const yank = trpc.marketplace.agents.yank.useMutation();
  const pending = deprecate.isPending || yank.isPending;
  useEffect(() => onBusy(pending), [pending, onBusy]);
  const failure = deprecate.error ?? yank.error;
  const needsText = action.kind === 'deprecate' || action.kind === 'yank';
  const version = action.version ?? undefined;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = text.trim();
    if (needsText && value === '') {
      setError(
        action.kind === 'yank'
          ? 'Say why: people see the reason.'
          : 'Write the message people will see.',
      );
      return;
    }
    setError(undefined);
    switch (action.kind) {
      case 'deprecate':
        deprecate.mutate(
          { name, ...(version ? { version } : {}), message: value },
          { onSuccess: () => done(`Deprecated ${target}.`) },
        );
        break;
      case 'undeprecate':
        deprecate.mutate(
          { name, ...(version ? { version } : {}), message: '' },
          { onSuccess: () => done(`${target} is no longer deprecated.`) },
        );
        break;
      case 'yank':
        yank.mutate(
          { name, version: action.version, reason: value },
          { onSuccess: () => done(`Yanked ${target}.`) },
        );
        break;
      case 'unyank':
        yank.mutate(
          { name, version: action.version, reason: 'Reinstated by the publisher', undo: true },
          { onSuccess: () => done(`${target} can be installed again.`) },
        );
        break;
    }
  };

  return (
    <form onSubmit={submit} noValidate className="lifecycle-form">
      <DialogBody>
        <p className="dialog__body">{EXPLANATIONS[action.kind]}</p>
        {needsText && (
          <TextAreaField
            label={action.kind === 'yank' ? 'Reason' : 'Message'}
            name="text"
            rows={3}
            maxLength={500}
            required
            value={text}
            error={error}
            hint={
              action.kind === 'yank'
                ? 'For example “Leaks the prompt to an external host; use 1.2.1.”'
                : 'For example “Replaced by acme/digest-v2, which also handles tickets.”'
            }
            onChange={(event) => setText(event.currentTarget.value)}
          />
        )}
        {failure && <Alert tone="error">{errorMessage(failure)}</Alert>}
      </DialogBody>
      <DialogActions>
        <Button variant="secondary" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant={action.kind === 'deprecate' || action.kind === 'yank' ? 'danger' : 'primary'}
          pending={pending}
          pendingLabel="Saving…"
        >
          {CONFIRM[action.kind]}
        </Button>
      </DialogActions>
    </form>
  );
}

const EXPLANATIONS: Record<LifecycleAction['kind'], string> = {
  deprecate:
    'Deprecated versions can still be installed and keep running, but everyone sees your message on the agent’s page, in search and when installing.',
  undeprecate: 'The deprecation message disappears from the agent’s page, search and installs.',
  yank: 'No new install or update will choose a yanked version. Installations pinned to it keep working. You can undo this.',
  unyank: 'The version can be installed again, and updates may choose it.',
};

const CONFIRM: Record<LifecycleAction['kind'], string> = {
  deprecate: 'Deprecate',
  undeprecate: 'Lift deprecation',
  yank: 'Yank',
  unyank: 'Undo yank',
};
