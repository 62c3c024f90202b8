import type { Role } from '@capecontrol/schema';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { errorMessage } from '../api/errors';
import { LoadingState } from '../components/spinner';
import { ErrorState } from '../components/states';
import { PageTitle } from '../components/page-title';
import { safeNextPath, signInPathFor } from './redirect';
import type { SignInNotice } from './session';
import { useSession } from './use-session';

/** Pages for signed-in users: others go to sign-in, and come back here afterwards. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();

  if (session.data?.status === 'signed-in') return <Outlet />;
  if (session.data?.status === 'signed-out') {
    const { reason, message } = session.data;
    const state: SignInNotice = { notice: message };
    // After "Sign out", start fresh; otherwise bring the user back to where they were.
    const to =
      reason === 'signed-out'
        ? '/sign-in'
        : signInPathFor(`${location.pathname}${location.search}${location.hash}`);
    return <Navigate to={to} replace state={state} />;
  }
  if (session.isError)
    return (
      <SessionUnavailable
        error={session.error}
        retrying={session.isFetching}
        onRetry={() => void session.refetch()}
      />
    );
  return <LoadingState label="Loading your workspace…" />;
}

/** Sign-in and sign-up: a signed-in user is sent on to `next` (or home). */
export function GuestOnly() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.data?.status === 'signed-in') {
    return <Navigate to={safeNextPath(params.get('next'), window.location.origin)} replace />;
  }
  if (session.isPending) return <LoadingState label="Loading…" />;
  // Signed out, or the server is unreachable: the form still works (and will say so).
  return <Outlet />;
}

function SessionUnavailable({
  error,
  retrying,
  onRetry,
}: {
  error: unknown;
  retrying: boolean;
  onRetry: () => void;
}) {
  return (
    <div className="container page page--narrow">
      <PageTitle title="Can't reach CapeControl" />
      <ErrorState
        title="We can't reach CapeControl"
        message={errorMessage(error)}
        onRetry={onRetry}
        retrying={retrying}
      />
    </div>
  );
}

/**
 * Pages for some roles only (inside <RequireAuth>). Others see why they can't use the page and
 * what to do instead — never a blank page.
 */
export function RequireRole({ roles, fallback }: { roles: readonly Role[]; fallback: ReactNode }) {
  const { data } = useSession();
  if (data?.status === 'signed-in' && roles.includes(data.user.role)) return <Outlet />;
  return <>{fallback}</>;
}
