import type { ApiKey } from '@capecontrol/schema';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { useToast } from '../../components/toast';

/** Asks before revoking: a revoked key stops working at once, for good. */
export function RevokeApiKeyDialog({
  apiKey,
  onClose,
}: {
  apiKey: ApiKey | null;
  onClose: () => void;
}) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const revoke = trpc.auth.apiKeys.revoke.useMutation({
    onSuccess: (revoked) => {
      utils.auth.apiKeys.list.setData(undefined, (keys) =>
        keys?.map((key) => (key.id === revoked.id ? revoked : key)),
      );
      void utils.auth.apiKeys.list.invalidate();
      toast.success(`API key “${revoked.name}” revoked. It no longer works.`);
      onClose();
      // The Revoke button that opened the dialog is gone; land on the key, now marked revoked.
      requestAnimationFrame(() => document.getElementById(`api-key-${revoked.id}`)?.focus());
    },
  });

  const close = () => {
    revoke.reset();
    onClose();
  };

  return (
    <ConfirmDialog
      open={apiKey !== null}
      title="Revoke this API key?"
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      pending={revoke.isPending}
      error={revoke.error ? errorMessage(revoke.error) : null}
      onConfirm={() => {
        if (apiKey) revoke.mutate({ id: apiKey.id });
      }}
      onCancel={close}
    >
      {apiKey && (
        <p>
          <strong>{apiKey.name}</strong> (<code>{apiKey.prefix}…</code>) will stop working
          immediately for every app and script that uses it. This can&apos;t be undone.
        </p>
      )}
    </ConfirmDialog>
  );
}
