/** What one tab tells the others, so every open tab follows a sign-in or sign-out. */
export type SessionAnnouncement = { type: 'signed-in' } | { type: 'signed-out' };

const CHANNEL_NAME = 'cape-session';
let channel: BroadcastChannel | null | undefined;

function getChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : null;
  }
  return channel;
}

export function announceSession(announcement: SessionAnnouncement): void {
  getChannel()?.postMessage(announcement);
}

/** Listens to other tabs' announcements (a tab never hears its own); returns an unsubscribe. */
export function onSessionAnnouncement(
  listener: (announcement: SessionAnnouncement) => void,
): () => void {
  const current = getChannel();
  if (!current) return () => undefined;
  const handle = (event: MessageEvent<unknown>) => {
    const data = event.data as Partial<SessionAnnouncement> | null;
    if (data?.type === 'signed-in' || data?.type === 'signed-out') listener({ type: data.type });
  };
  current.addEventListener('message', handle);
  return () => current.removeEventListener('message', handle);
}
