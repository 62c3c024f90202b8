import type { MarketplaceCategory } from '@capecontrol/schema';

export const CATEGORY_LABELS: Record<MarketplaceCategory, string> = {
  automation: 'Automation',
  analytics: 'Analytics',
  security: 'Security',
  integration: 'Integration',
  productivity: 'Productivity',
  development: 'Development',
  content: 'Content',
  research: 'Research',
  support: 'Support',
  operations: 'Operations',
};

export const CATEGORY_BLURBS: Record<MarketplaceCategory, string> = {
  automation: 'Workflows that run themselves',
  analytics: 'Numbers, dashboards and reports',
  security: 'Audits, reviews and controls',
  integration: 'APIs, webhooks and connectors',
  productivity: 'Notes, meetings and planning',
  development: 'Code, reviews and releases',
  content: 'Writing, editing and summaries',
  research: 'Finding and weighing sources',
  support: 'Answering customers',
  operations: 'Incidents, runbooks and on-call',
};

/** A category's name, or the raw value for one this app does not know. */
export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category as MarketplaceCategory] ?? category;
}

/** The agent page's address: `/marketplace/acme/digest`. */
export function agentPath(name: string): string {
  const [publisher = '', agent = ''] = name.split('/');
  return `/marketplace/${encodeURIComponent(publisher)}/${encodeURIComponent(agent)}`;
}

/** Where an installed agent is run. */
export function runPath(name: string): string {
  return `${agentPath(name)}/run`;
}

const integer = new Intl.NumberFormat('en');
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** "1 install", "1,204 installs"; `short` gives "1.2K installs". */
export function formatInstalls(count: number, short = false): string {
  const number = short && count >= 10_000 ? compact.format(count) : integer.format(count);
  return `${number} ${count === 1 ? 'install' : 'installs'}`;
}

/** "4.5" (one decimal, trailing zero dropped). */
export function formatStars(average: number): string {
  return String(Math.round(average * 10) / 10);
}

/** Read aloud and shown on hover: "Rated 4.5 out of 5 from 12 reviews", "No reviews yet". */
export function describeRating(rating: { average: number | null; count: number }): string {
  if (rating.average === null || rating.count === 0) return 'No reviews yet';
  return `Rated ${formatStars(rating.average)} out of 5 from ${integer.format(rating.count)} ${
    rating.count === 1 ? 'review' : 'reviews'
  }`;
}

/** The first 12 hex digits of a sha256, enough to recognise a version. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 12);
}

/** "acme" from "acme/digest". */
export function scopeOf(name: string): string {
  return name.split('/')[0] ?? name;
}

/** What each tool lets an installed agent do, for the permissions list and the consent step. */
export const TOOL_DESCRIPTIONS: Record<string, string> = {
  'knowledge.search': 'Search the knowledge documents it ships with',
  'web.search': 'Search the web',
  'http.fetch': 'Make HTTP requests to the network hosts it lists',
  'agent.call': 'Call the agents it depends on',
};

/** A network host permission in words: "*.example.com" → "any subdomain of example.com". */
export function describeHost(host: string): string {
  if (host === '*' || host === '*.*') return 'any host on the internet';
  if (host.startsWith('*.')) return `any subdomain of ${host.slice(2)}`;
  return host;
}
