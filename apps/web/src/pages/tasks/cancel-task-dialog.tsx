import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { useToast } from '../../components/toast';

/** Asks before cancelling: the agent stops at its next step, keeping what it wrote so far. */
export function CancelTaskDialog({
  taskId,
  onClose,
}: {
  taskId: string | null;
  onClose: () => void;
}) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const cancel = trpc.task.cancel.useMutation({
    onSuccess: (task) => {
      void utils.task.get.invalidate({ id: task.id });
      void utils.task.list.invalidate();
      toast.success(
        task.status === 'cancelled'
          ? 'Task cancelled.'
          : 'Cancelling: the agent stops at its next step.',
      );
      onClose();
    },
  });

  const close = () => {
    cancel.reset();
    onClose();
  };

  return (
    <ConfirmDialog
      open={taskId !== null}
      title="Cancel this task?"
      confirmLabel="Cancel task"
      cancelLabel="Keep running"
      pendingLabel="Cancelling…"
      pending={cancel.isPending}
      error={cancel.error ? errorMessage(cancel.error) : null}
      onConfirm={() => {
        if (taskId) cancel.mutate({ id: taskId });
      }}
      onCancel={close}
    >
      <p>
        The agent stops before its next step or model call. What it has written so far is kept as
        the task&apos;s partial output. You can retry the task afterwards.
      </p>
    </ConfirmDialog>
  );
}
