/** The header the API compares with the CSRF cookie on cookie-authenticated mutations. */
export const CSRF_HEADER = 'x-csrf-token';

const SECURE_NAME = '__Host-cape_csrf';
const PLAIN_NAME = 'cape_csrf';

/** One cookie's value from a `document.cookie` string, or null. */
export function readCookie(cookieString: string, name: string): string | null {
  for (const part of cookieString.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1 || part.slice(0, separator).trim() !== name) continue;
    const raw = part.slice(separator + 1).trim();
    try {
      return decodeURIComponent(raw) || null;
    } catch {
      return raw || null;
    }
  }
  return null;
}

/**
 * The CSRF token the server set at sign-in or refresh. Over https the cookie carries the
 * `__Host-` prefix; prefer the name that matches the page's scheme, accept the other.
 */
export function csrfTokenFrom(cookieString: string, secure: boolean): string | null {
  const [first, second] = secure ? [SECURE_NAME, PLAIN_NAME] : [PLAIN_NAME, SECURE_NAME];
  return readCookie(cookieString, first) ?? readCookie(cookieString, second);
}

/** Read at request time: the token changes after every sign-in and refresh. */
export function currentCsrfToken(): string | null {
  if (typeof document === 'undefined') return null;
  return csrfTokenFrom(document.cookie, window.location.protocol === 'https:');
}

export function csrfHeaders(): Record<string, string> {
  const token = currentCsrfToken();
  return token ? { [CSRF_HEADER]: token } : {};
}
