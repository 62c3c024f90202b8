import { useId, useState } from 'react';
import { errorCode, errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { useToast } from '../../components/toast';
import { joinWords } from '../../marketplace/install-plan';
import { useInvalidateInstalls } from './use-invalidate-installs';

/**
 * Asks before uninstalling. When other installed agents depend on this one, it says which and
 * offers to remove them together (the server refuses otherwise). Task history stays.
 */
export function UninstallDialog({
  agent,
  onClose,
  onUninstalled,
}: {
  agent: { name: string; displayName: string } | null;
  onClose: () => void;
  onUninstalled?: (removed: string[]) => void;
}) {
  const id = useId();
  const toast = useToast();
  const invalidate = useInvalidateInstalls();
  const [together, setTogether] = useState(false);
  const installations = trpc.marketplace.installations.list.useQuery(undefined, {
    enabled: agent !== null,
  });
  const dependents = agent
    ? (installations.data ?? [])
        .filter(
          (item) => item.requested && item.name !== agent.name && agent.name in item.dependencies,
        )
        .map((item) => item.name)
    : [];
  const uninstall = trpc.marketplace.agents.uninstall.useMutation({
    onSuccess: ({ removed }) => {
      invalidate();
      toast.success(`Uninstalled ${joinWords(removed)}. Your task history is kept.`);
      onUninstalled?.(removed);
      close();
    },
  });
  const refused = errorCode(uninstall.error) === 'PRECONDITION_FAILED';
  const offerTogether = dependents.length > 0 || refused;

  const close = () => {
    uninstall.reset();
    setTogether(false);
    onClose();
  };

  return (
    <ConfirmDialog
      open={agent !== null}
      title={`Uninstall ${agent?.displayName ?? 'this agent'}?`}
      confirmLabel={together ? 'Uninstall them all' : 'Uninstall'}
      pendingLabel="Uninstalling…"
      pending={uninstall.isPending}
      error={uninstall.error ? errorMessage(uninstall.error) : null}
      onConfirm={() => {
        if (agent)
          uninstall.mutate({ name: agent.name, ...(together ? { removeDependents: true } : {}) });
      }}
      onCancel={close}
    >
      {agent && (
        <>
          <p>
            <strong>{agent.name}</strong> leaves your agents, with any dependency nothing else
            needs. The tasks it ran stay in your history.
          </p>
          {dependents.length > 0 && (
            <p>
              {joinWords(dependents)} {dependents.length === 1 ? 'depends' : 'depend'} on it and
              can’t run without it.
            </p>
          )}
          {offerTogether && (
            <div className="check">
              <input
                id={`${id}-together`}
                type="checkbox"
                checked={together}
                onChange={(event) => setTogether(event.currentTarget.checked)}
              />
              <label htmlFor={`${id}-together`} className="check__label">
                Also uninstall the agents that depend on it
              </label>
            </div>
          )}
        </>
      )}
    </ConfirmDialog>
  );
}
