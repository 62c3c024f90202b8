import type { AgentManifest } from '@capecontrol/schema';

export interface FoundUrl {
  url: string;
  /** Lower-cased host as written (IDN characters kept); `null` when a placeholder builds it. */
  host: string | null;
  scheme: string;
  index: number;
}

// Stops at whitespace, quotes and brackets so markdown `[text](url)` and `<url>` end cleanly.
const URL_PATTERN = /\b(?:https?|wss?|ftp):\/\/[^\s<>"'`()[\]]+/gi;
const AUTHORITY = /^([a-z]+):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i;

/** Every absolute URL in a text, with its host. */
export function findUrls(text: string): FoundUrl[] {
  return [...text.matchAll(URL_PATTERN)].map((match) => {
    const url = match[0].replace(/[.,;:!?*_~]+$/, '');
    const [, scheme = '', host = ''] = AUTHORITY.exec(url) ?? [];
    const templated = /\{\{|\}\}/.test(host) || host === '';
    return {
      url,
      host: templated ? null : host.toLowerCase(),
      scheme: scheme.toLowerCase(),
      index: match.index,
    };
  });
}

/** Literal IP hosts, including the decimal and hex forms browsers accept. */
export function isIpHost(host: string): boolean {
  return (
    /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) ||
    host.startsWith('[') ||
    /^\d+$/.test(host) ||
    /^0x[0-9a-f]+$/i.test(host)
  );
}

export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.startsWith('127.') ||
    host === '[::1]'
  );
}

/** Whether a `permissions.network` pattern admits a host (`*.x.com` covers subdomains only). */
export function patternAllows(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === '*.*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return host === pattern;
}

// Public suffixes of two labels that are commonly wildcarded; a full list would be a dependency.
// prettier-ignore
const TWO_LABEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'co.nz', 'co.jp', 'co.za',
  'com.br', 'com.cn', 'co.in', 'com.mx', 'com.tr', 'github.io', 'herokuapp.com', 'vercel.app',
  'netlify.app', 'pages.dev', 'workers.dev', 'amazonaws.com', 'appspot.com', 'azurewebsites.net',
]);

/** `*`, `*.*`, `*.com`, `*.co.uk`, `*.github.io`: patterns that admit hosts of many owners. */
export function isCatchAll(pattern: string): boolean {
  if (pattern === '*' || pattern === '*.*') return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(2);
  return !suffix.includes('.') || TWO_LABEL_SUFFIXES.has(suffix);
}

/**
 * How the agent could reach a host: `declared` (listed by name), `wildcard` (only through a
 * `*.` pattern, so the publisher never named it), or `no` (no `http.fetch`, or not covered).
 * With `host` null (no target known), `wildcard` means a catch-all pattern is granted.
 */
export function reach(
  manifest: AgentManifest,
  host: string | null,
): 'declared' | 'wildcard' | 'no' {
  const { network, tools } = manifest.permissions;
  if (!tools.includes('http.fetch')) return 'no';
  if (host === null) return network.some(isCatchAll) ? 'wildcard' : 'no';
  if (network.includes(host)) return 'declared';
  return network.some((pattern) => patternAllows(pattern, host)) ? 'wildcard' : 'no';
}
