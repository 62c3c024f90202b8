import { parseCookie, stringifySetCookie } from 'cookie';

export type CookieName = 'access' | 'refresh' | 'csrf';

const BASE_NAMES: Record<CookieName, string> = {
  access: 'cape_at',
  refresh: 'cape_rt',
  csrf: 'cape_csrf',
};

/**
 * Cookie names. Over https they carry the `__Host-` prefix, which browsers accept only with
 * Secure, Path=/ and no Domain: a sibling subdomain cannot plant or overwrite them.
 */
export function cookieName(name: CookieName, secure: boolean): string {
  return secure ? `__Host-${BASE_NAMES[name]}` : BASE_NAMES[name];
}

export function parseCookies(header: string | null): Record<string, string> {
  if (!header) return {};
  const parsed = parseCookie(header);
  const cookies: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (value !== undefined) cookies[key] = value;
  return cookies;
}

export interface CookieOptions {
  secure: boolean;
  /** Readable by the page's scripts (only the CSRF token is). */
  readableByScript?: boolean;
  /** Lifetime; 0 deletes the cookie. */
  maxAgeSeconds: number;
}

export function serializeCookie(
  name: CookieName,
  value: string,
  { secure, readableByScript = false, maxAgeSeconds }: CookieOptions,
): string {
  return stringifySetCookie(cookieName(name, secure), value, {
    httpOnly: !readableByScript,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}
