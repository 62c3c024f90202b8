import { domainToUnicode } from 'node:url';
import type { AgentManifest } from '@capecontrol/schema';
import { lineHint } from '../paths';
import type { TextField } from '../text-fields';
import { finding, type Finding } from '../types';
import { findUrls, isIpHost, isLoopback, patternAllows, type FoundUrl } from './hosts';

/** Link shorteners hide the destination from the reviewer and can change it after review. */
// prettier-ignore
const SHORTENERS = new Set([
  'bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly',
  'cutt.ly', 'shorturl.at', 'tiny.cc', 'rb.gy', 't.ly', 's.id', 'v.gd', 'lnkd.in', 'bl.ink',
]);

// Cyrillic and Greek letters that render like Latin ones: the raw material of homographs.
const LATIN_LOOKALIKES = /[аеорсухіјѕԁһӏԛԝοαρνκτχ]/u;

/** Describes an IDN host, or returns null for plain ASCII hosts. */
function homograph(host: string): { unicode: string; deceptive: boolean } | null {
  const unicode = host.includes('xn--') ? domainToUnicode(host) : host;
  if (!/\P{ASCII}/u.test(unicode)) return null;
  const deceptive = unicode.split('.').some((label) => {
    const latin = /\p{Script=Latin}/u.test(label);
    const other = /[^\p{Script=Latin}\P{L}]/u.test(label);
    const allLookalike = [...label].every(
      (char) => /\p{ASCII}/u.test(char) || LATIN_LOOKALIKES.test(char),
    );
    return (latin && other) || (other && allLookalike);
  });
  return { unicode, deceptive };
}

/**
 * Links in any text field. Model-facing text (prompts, templates, knowledge, config) is held to
 * a stricter standard than the readme and listing, where a link to `localhost` in setup notes is
 * ordinary. Hosts used in prompts and workflow templates must be covered by
 * `permissions.network`: low when the agent cannot fetch anything (the link is only text for
 * the user), medium when it has `http.fetch` and would be refused at run time.
 */
export function detectUrls(manifest: AgentManifest, fields: readonly TextField[]): Finding[] {
  const findings: Finding[] = [];
  const canFetch = manifest.permissions.tools.includes('http.fetch');
  for (const field of fields) {
    const modelFacing = field.role !== 'listing';
    const seen = new Set<string>();
    for (const found of findUrls(field.text)) {
      if (seen.has(found.url)) continue;
      seen.add(found.url);
      const at = `${found.url}${lineHint(field.text, found.index)}`;
      const add = (
        ...args: [Parameters<typeof finding>[0], string, ('medium' | 'low' | 'high')?]
      ) => findings.push(finding(args[0], field.path, args[1], args[2]));
      const { host } = found;
      if (host === null) {
        if (field.role === 'template') {
          add(
            'urls.templated-host',
            `${at}: a placeholder chooses the host, so no one can review where requests go.`,
          );
        }
        continue;
      }
      const loopback = isLoopback(host);
      // A local host in setup notes is ordinary; in a prompt it invites requests to internal services.
      if ((isIpHost(host) || loopback) && (modelFacing || !loopback)) {
        add(
          'urls.raw-ip',
          `${at} points at a raw IP address or a local host; use a named https host.`,
          modelFacing ? 'high' : 'medium',
        );
      }
      const idn = homograph(host);
      if (idn) {
        add(
          'urls.homograph',
          idn.deceptive
            ? `${at} is "${idn.unicode}": it mixes look-alike letters from another script with Latin ones.`
            : `${at} is an internationalised host ("${idn.unicode}"); check it is the site you mean.`,
          idn.deceptive ? 'high' : 'medium',
        );
      }
      if (SHORTENERS.has(host))
        add('urls.shortener', `${at} is a link shortener; link to the destination instead.`);
      if (insecure(found) && !loopback) add('urls.insecure', `${at} is not https; use https://.`);
      if (field.role === 'template' && !loopback && !covered(manifest, host)) {
        add(
          'urls.host-not-permitted',
          `${host} (in ${at}) is not in permissions.network; ${canFetch ? 'a fetch to it would be refused' : 'add it there if the agent is meant to fetch it'}.`,
          canFetch ? 'medium' : 'low',
        );
      }
    }
  }
  return findings;
}

function insecure(found: FoundUrl): boolean {
  return found.scheme === 'http' || found.scheme === 'ws' || found.scheme === 'ftp';
}

function covered(manifest: AgentManifest, host: string): boolean {
  return manifest.permissions.network.some((pattern) => patternAllows(pattern, host));
}
