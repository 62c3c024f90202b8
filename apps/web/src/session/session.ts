import type { AppRouter } from '@capecontrol/api';
import type { SessionResult, User } from '@capecontrol/schema';
import type { QueryClient } from '@tanstack/react-query';
import type { TRPCClient } from '@trpc/client';
import { errorCode } from '../api/errors';

export type SignedOutReason =
  /** Never signed in (or the cookies are gone). */
  | 'anonymous'
  /** Pressed "Sign out", here or in another tab. */
  | 'signed-out'
  /** The session ended on its own: expired, revoked, or refused at refresh. */
  | 'expired';

export type Session =
  | { status: 'signed-in'; user: User; accessTokenExpiresAt: string | null }
  | { status: 'signed-out'; reason: SignedOutReason; message: string | null };

/** What the sign-in page shows above its form, passed in the navigation state. */
export interface SignInNotice {
  notice?: string | null;
}

/** The React Query key of the session; every other cached query is the signed-in user's data. */
export const SESSION_KEY = ['session'] as const;

/** Asks the API who we are; a 401 (after the refresh link had its go) means signed out. */
export async function fetchSession(
  client: TRPCClient<AppRouter>,
  cached: () => Session | undefined,
  signal?: AbortSignal,
): Promise<Session> {
  try {
    const me = await client.auth.me.query(undefined, { signal });
    return { status: 'signed-in', user: me.user, accessTokenExpiresAt: me.accessTokenExpiresAt };
  } catch (error) {
    if (errorCode(error) !== 'UNAUTHORIZED') throw error;
    // Read the cache now, not before the call: a failed refresh may have just ended the
    // session with the server's reason, which should stand.
    const previous = cached();
    if (previous?.status === 'signed-out') return previous;
    return previous?.status === 'signed-in'
      ? {
          status: 'signed-out',
          reason: 'expired',
          message: 'Your session has ended. Sign in again to continue.',
        }
      : { status: 'signed-out', reason: 'anonymous', message: null };
  }
}

/** Forgets every cached answer that belongs to a user (all but the session itself). */
export function dropUserData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
}

export function storeSignedIn(
  queryClient: QueryClient,
  result: Pick<SessionResult, 'user' | 'accessTokenExpiresAt'>,
): void {
  const previous = queryClient.getQueryData<Session>(SESSION_KEY);
  if (previous?.status !== 'signed-in' || previous.user.id !== result.user.id)
    dropUserData(queryClient);
  const session: Session = {
    status: 'signed-in',
    user: result.user,
    accessTokenExpiresAt: result.accessTokenExpiresAt,
  };
  queryClient.setQueryData(SESSION_KEY, () => session);
}

export function storeSignedOut(
  queryClient: QueryClient,
  reason: SignedOutReason,
  message: string | null = null,
): void {
  void queryClient.cancelQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  dropUserData(queryClient);
  const session: Session = { status: 'signed-out', reason, message };
  queryClient.setQueryData(SESSION_KEY, () => session);
}
