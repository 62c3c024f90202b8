import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { UploadIcon } from '../../components/icons';
import { useToast } from '../../components/toast';
import { SESSION_KEY } from '../../session/session';

/** For members: publishing needs the publisher role, which anyone can take on here. */
export function BecomePublisher({ compact = false }: { compact?: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const register = trpc.marketplace.publishers.register.useMutation({
    onSuccess: async () => {
      // The role lives in the session: read it again, so the navigation and this page follow.
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      toast.success('You are a publisher now: publish your first agent.');
    },
  });
  return (
    <section className="card cta" aria-labelledby="become-publisher-heading">
      <div className="cta__icon" aria-hidden="true">
        <UploadIcon size={22} />
      </div>
      <div className="cta__body">
        <h2 id="become-publisher-heading" className="card__title">
          Become a publisher
        </h2>
        <p className="cta__text">
          Publishers share agents in the marketplace. The first to publish under a scope (the part
          before the slash, like <code>acme</code> in <code>acme/digest</code>) owns it.
          {compact ? '' : ' You can validate a manifest below before you decide.'}
        </p>
        {register.error && <Alert tone="error">{errorMessage(register.error)}</Alert>}
        <Button
          onClick={() => register.mutate()}
          pending={register.isPending}
          pendingLabel="Setting up…"
        >
          Become a publisher
        </Button>
      </div>
    </section>
  );
}
