import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApiClients } from '../api/api-provider';
import { proactiveRefreshDelay } from '../api/refresh-coordinator';
import { serverNow } from '../api/server-clock';
import { dropUserData, SESSION_KEY, storeSignedOut } from './session';
import { onSessionAnnouncement } from './session-channel';
import { useSession } from './use-session';

const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * Keeps the session alive and in step with other tabs: refreshes the access token shortly
 * before it expires (and at once when a sleeping tab wakes up late), and follows sign-ins
 * and sign-outs announced by other tabs. Renders nothing.
 */
export function SessionKeeper() {
  const { refresher } = useApiClients();
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const expiresAt = session?.status === 'signed-in' ? session.accessTokenExpiresAt : null;

  useEffect(() => {
    if (!expiresAt) return;
    const expiresAtMs = Date.parse(expiresAt);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;

    const refreshNow = () => {
      clearTimeout(timer);
      void refresher.refresh().then((outcome) => {
        // Success updates the cached session, which re-runs this effect with the new expiry.
        if (!cancelled && outcome.kind === 'failed')
          timer = setTimeout(refreshNow, RETRY_AFTER_FAILURE_MS);
      });
    };
    timer = setTimeout(refreshNow, proactiveRefreshDelay(expiresAtMs, serverNow()));

    // Background tabs' timers are throttled and laptops sleep: check again on return.
    const onVisible = () => {
      if (
        document.visibilityState === 'visible' &&
        proactiveRefreshDelay(expiresAtMs, serverNow()) === 0
      ) {
        refreshNow();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [expiresAt, refresher]);

  useEffect(
    () =>
      onSessionAnnouncement((announcement) => {
        if (announcement.type === 'signed-out') {
          storeSignedOut(queryClient, 'signed-out', 'You signed out in another tab.');
        } else {
          // Possibly someone else: nothing cached for the previous user may be shown.
          dropUserData(queryClient);
          void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
        }
      }),
    [queryClient],
  );

  return null;
}
