import type { FindingCode } from '../codes';
import { lineHint, redact } from '../paths';
import type { TextField } from '../text-fields';
import { finding, type Finding } from '../types';
import { characterClasses, shannonEntropy } from './entropy';

interface SecretShape {
  id: FindingCode;
  label: string;
  pattern: RegExp;
  /** Rejects look-alikes (documentation placeholders, truncated examples). */
  accept?: (match: string) => boolean;
}

/** Placeholders in docs ("sk-xxxx…", "AKIA…EXAMPLE") repeat characters or say so. */
function looksRandom(match: string, minBits = 3): boolean {
  return !/example|x{6,}|0{6,}|\*{4,}/i.test(match) && shannonEntropy(match) >= minBits;
}

function isJwt(match: string): boolean {
  try {
    const header: unknown = JSON.parse(
      Buffer.from(match.split('.')[0] ?? '', 'base64url').toString(),
    );
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

const shapes: SecretShape[] = [
  {
    id: 'secret.anthropic-key',
    label: 'an Anthropic API key',
    pattern: /\bsk-ant-[a-z0-9]+-[A-Za-z0-9_-]{32,}/g,
    accept: looksRandom,
  },
  {
    id: 'secret.openai-key',
    label: 'an OpenAI API key',
    pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/g,
    accept: (match) => looksRandom(match, 3.5),
  },
  {
    id: 'secret.aws-access-key',
    label: 'an AWS access key id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    accept: looksRandom,
  },
  {
    id: 'secret.github-token',
    label: 'a GitHub token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}\b|github_pat_[A-Za-z0-9_]{40,})/g,
    accept: looksRandom,
  },
  {
    id: 'secret.slack-webhook',
    label: 'a Slack webhook URL',
    pattern:
      /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,}/g,
    accept: looksRandom,
  },
  {
    id: 'secret.slack-token',
    label: 'a Slack token',
    pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
    accept: looksRandom,
  },
  {
    id: 'secret.stripe-key',
    label: 'a Stripe secret key',
    // Publishable keys (pk_) are meant to be public; secret (sk_) and restricted (rk_) are not.
    pattern: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g,
    accept: looksRandom,
  },
  {
    id: 'secret.google-api-key',
    label: 'a Google API key',
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    accept: looksRandom,
  },
  {
    id: 'secret.private-key',
    label: 'a private key',
    // Only a header followed by key material: docs that show the header with "..." are fine.
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,200}?[A-Za-z0-9+/=]{40,}/g,
  },
  {
    id: 'secret.jwt',
    label: 'a JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
    accept: isJwt,
  },
];

const ASSIGNMENT =
  /\b(password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token)["']?\s*[:=]\s*["']?([^\s"'`<>{}(),;]+)/gi;
const PLACEHOLDER_VALUE =
  /^(?:your|my|example|sample|dummy|fake|changeme|placeholder|redacted|replace|insert|todo|none|null|undefined|xxx|\*|\.\.\.|\$|%|process\.env|env\.)/i;

/**
 * A value assigned to a password-like name that is long and random enough to be real:
 * at least 10 characters, 3.2 bits of entropy per character and two character classes.
 * That keeps `password=<your password>`, `api_key=YOUR_API_KEY` and `token=changeme` out.
 */
export function isHighEntropySecret(value: string): boolean {
  if (value.length < 10 || PLACEHOLDER_VALUE.test(value) || /^[A-Z0-9_-]+$/.test(value)) {
    return false;
  }
  return shannonEntropy(value) >= 3.2 && characterClasses(value) >= 2;
}

/** Credentials pasted into any text of the manifest: everything in it is public once published. */
export function detectSecrets(fields: readonly TextField[]): Finding[] {
  const findings: Finding[] = [];
  for (const field of fields) {
    const seen = new Set<string>();
    for (const shape of shapes) {
      for (const match of field.text.matchAll(shape.pattern)) {
        const value = match[0];
        if (seen.has(value) || (shape.accept && !shape.accept(value))) continue;
        seen.add(value);
        findings.push(
          finding(
            shape.id,
            field.path,
            `Looks like ${shape.label}${lineHint(field.text, match.index)}: ${redact(value)}. Remove it, revoke it, and ask for it with a secret config field instead.`,
          ),
        );
      }
    }
    for (const match of field.text.matchAll(ASSIGNMENT)) {
      const [, name = '', value = ''] = match;
      if (
        !isHighEntropySecret(value) ||
        [...seen].some((s) => s.includes(value) || value.includes(s))
      ) {
        continue;
      }
      findings.push(
        finding(
          'secret.password-assignment',
          field.path,
          `"${name}" is assigned what looks like a real credential${lineHint(field.text, match.index)}: ${redact(value)}. Use a secret config field instead.`,
        ),
      );
    }
  }
  return findings;
}
