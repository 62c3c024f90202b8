import type { FindingCategory, FindingSeverity } from '@capecontrol/schema';

interface CodeInfo {
  category: FindingCategory;
  /** The usual severity; some detectors raise or lower it for a specific finding. */
  severity: FindingSeverity;
}

const secret: CodeInfo = { category: 'secrets', severity: 'critical' };
const injection: CodeInfo = { category: 'prompt-injection', severity: 'high' };
const exfiltration: CodeInfo = { category: 'exfiltration', severity: 'high' };
const unicode: CodeInfo = { category: 'unicode', severity: 'high' };
const permission: CodeInfo = { category: 'permissions', severity: 'high' };

/**
 * Every finding the validator can report. Codes are stable: the web app, the CLI and stored
 * reports refer to them, so rename one only with a migration of stored reports.
 */
export const findingCodes = {
  'schema.missing-readme': { category: 'schema', severity: 'info' },

  'engines.incompatible': { category: 'engines', severity: 'critical' },
  'engines.unbounded': { category: 'engines', severity: 'info' },

  'dependencies.skipped': { category: 'dependencies', severity: 'info' },
  'dependencies.not-found': { category: 'dependencies', severity: 'critical' },
  'dependencies.no-matching-version': { category: 'dependencies', severity: 'critical' },
  'dependencies.cycle': { category: 'dependencies', severity: 'critical' },
  'dependencies.deprecated': { category: 'dependencies', severity: 'low' },
  'dependencies.unused': { category: 'dependencies', severity: 'low' },

  'secret.openai-key': secret,
  'secret.anthropic-key': secret,
  'secret.aws-access-key': secret,
  'secret.github-token': secret,
  'secret.slack-token': secret,
  'secret.slack-webhook': secret,
  'secret.stripe-key': secret,
  'secret.google-api-key': secret,
  'secret.private-key': secret,
  'secret.jwt': secret,
  'secret.password-assignment': secret,

  'prompt-injection.ignore-instructions': injection,
  'prompt-injection.role-override': injection,
  'prompt-injection.system-prompt-override': injection,
  'prompt-injection.reveal-system-prompt': injection,
  'prompt-injection.encoded-blob': injection,

  'exfiltration.send-data': exfiltration,
  'exfiltration.image-beacon': exfiltration,
  'exfiltration.secret-in-template': exfiltration,

  'unicode.zero-width': unicode,
  'unicode.bidi-control': unicode,
  'unicode.tag-characters': unicode,

  'urls.raw-ip': { category: 'urls', severity: 'high' },
  'urls.homograph': { category: 'urls', severity: 'high' },
  'urls.shortener': { category: 'urls', severity: 'medium' },
  'urls.insecure': { category: 'urls', severity: 'medium' },
  'urls.host-not-permitted': { category: 'urls', severity: 'medium' },
  'urls.templated-host': { category: 'urls', severity: 'medium' },

  'permissions.network-wildcard': permission,
  'permissions.wildcard-tld': permission,
  'permissions.too-many-hosts': permission,
  'permissions.unneeded-tool': permission,
  'permissions.raw-ip-host': { category: 'permissions', severity: 'medium' },
  'permissions.unused-network': { category: 'permissions', severity: 'low' },

  'typosquatting.similar-name': { category: 'typosquatting', severity: 'high' },

  'vulnerabilities.advisory': { category: 'vulnerabilities', severity: 'high' },
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof findingCodes;
export const allFindingCodes = Object.keys(findingCodes) as FindingCode[];
