import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionResult } from '@capecontrol/schema';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { useApiClients } from '../api/api-provider';
import { trpc } from '../api/trpc';
import { announceSession } from './session-channel';
import {
  fetchSession,
  SESSION_KEY,
  storeSignedIn,
  storeSignedOut,
  type Session,
  type SignInNotice,
} from './session';

/** Who is signed in, as the API sees it: `data` is a Session once known. */
export function useSession() {
  const { trpcClient, queryClient } = useApiClients();
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) =>
      fetchSession(trpcClient, () => queryClient.getQueryData<Session>(SESSION_KEY), signal),
    staleTime: 60_000,
  });
}

/** The signed-in user; only for components under <RequireAuth>. */
export function useSignedInUser() {
  const { data } = useSession();
  if (data?.status !== 'signed-in') throw new Error('useSignedInUser used outside <RequireAuth>');
  return data.user;
}

/** Records a session just started by sign-in or sign-up, here and in the other tabs. */
export function useStartSession(): (result: SessionResult) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (result: SessionResult) => {
      storeSignedIn(queryClient, result);
      announceSession({ type: 'signed-in' });
    },
    [queryClient],
  );
}

/**
 * Signs out on the server; only then forgets the session, here and in the other tabs, and
 * goes to the sign-in page (from public pages too, such as the 404 page).
 */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return trpc.auth.logout.useMutation({
    onSuccess: () => {
      const notice: SignInNotice = { notice: SIGNED_OUT_NOTICE };
      storeSignedOut(queryClient, 'signed-out', SIGNED_OUT_NOTICE);
      announceSession({ type: 'signed-out' });
      void navigate('/sign-in', { replace: true, state: notice });
    },
  });
}

const SIGNED_OUT_NOTICE = 'You have signed out.';
