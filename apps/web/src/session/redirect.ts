const AUTH_PAGES = new Set(['/sign-in', '/sign-up']);

/**
 * Where to go after signing in: the `next` path when it is a path on this site (never another
 * origin, never the sign-in pages themselves), else home.
 */
export function safeNextPath(next: string | null | undefined, origin: string): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin || AUTH_PAGES.has(url.pathname)) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page's address that brings the user back to `path` afterwards. */
export function signInPathFor(path: string): string {
  return path === '/' || path === '' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}`;
}
