/**
 * The publisher scopes this user has published to from this browser (or added on the
 * dashboard). The API has no "my scopes" procedure yet, so the dashboard starts from these and
 * checks each agent's `canManage` before offering to manage it.
 */
const STORAGE_PREFIX = 'cape.publisher-scopes.';
const SCOPE = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
const MAX_SCOPES = 20;

/** `scopes` with `scope` added (once, sorted), ignoring anything that isn't a scope. */
export function withScope(scopes: readonly string[], scope: string): string[] {
  const clean = scope.trim().toLowerCase();
  if (!SCOPE.test(clean) || scopes.includes(clean)) return [...scopes];
  return [...scopes, clean].sort().slice(0, MAX_SCOPES);
}

export function withoutScope(scopes: readonly string[], scope: string): string[] {
  return scopes.filter((item) => item !== scope);
}

/** Reads a stored list, dropping anything malformed (the storage is the user's to edit). */
export function parseScopes(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value.reduce<string[]>(
      (all, item) => (typeof item === 'string' ? withScope(all, item) : all),
      [],
    );
  } catch {
    return [];
  }
}

export function loadScopes(userId: string): string[] {
  try {
    return parseScopes(localStorage.getItem(STORAGE_PREFIX + userId));
  } catch {
    return [];
  }
}

export function saveScopes(userId: string, scopes: readonly string[]): void {
  try {
    localStorage.setItem(STORAGE_PREFIX + userId, JSON.stringify(scopes));
  } catch {
    // Storage full or disabled: the dashboard still works with scopes added by hand.
  }
}

export function rememberScope(userId: string, scope: string): void {
  saveScopes(userId, withScope(loadScopes(userId), scope));
}

/** A scope to start an example manifest with, from the person's name ("Pat Publisher" → "pat-publisher"). */
export function suggestScope(displayName: string): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return SCOPE.test(slug) ? slug : 'my-scope';
}
