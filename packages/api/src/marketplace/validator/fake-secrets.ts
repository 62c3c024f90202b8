/**
 * Credential-shaped test values, built at run time from a seeded generator so that no
 * key-shaped literal sits in the repository (secret scanners and push protection would flag
 * it, and readers could not tell a fake from a leak). Corpus files refer to them as
 * `@@NAME@@` markers; `withFakeSecrets` substitutes them.
 */
function randomish(seed: number, length: number, alphabet: string): string {
  // mulberry32: small, seeded, and random enough to pass the detectors' entropy checks.
  let state = seed * 0x9e3779b9;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return out;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789`;
const BASE64 = `${ALNUM}+/`;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const fakeSecrets = {
  OPENAI_KEY: ['sk', 'proj', randomish(1, 48, `${ALNUM}_-`)].join('-'),
  ANTHROPIC_KEY: ['sk', 'ant', 'api03', randomish(2, 90, `${ALNUM}_-`)].join('-'),
  AWS_ACCESS_KEY: ['AK', 'IA', randomish(3, 16, `${UPPER}234567`)].join(''),
  GITHUB_TOKEN: ['gh', 'p_', randomish(4, 36, ALNUM)].join(''),
  SLACK_TOKEN: ['xo', 'xb-', '2840392041-5839201948271-', randomish(5, 24, ALNUM)].join(''),
  SLACK_WEBHOOK: [
    'https://hooks.slack.com/services',
    `T${randomish(6, 8, `${UPPER}0123456789`)}`,
    `B${randomish(7, 10, `${UPPER}0123456789`)}`,
    randomish(8, 24, ALNUM),
  ].join('/'),
  STRIPE_KEY: ['sk', 'live', randomish(9, 24, ALNUM)].join('_'),
  GOOGLE_KEY: ['AI', 'za', randomish(10, 35, `${ALNUM}_-`)].join(''),
  PRIVATE_KEY: [
    ['-----BEGIN', 'RSA PRIVATE', 'KEY-----'].join(' '),
    randomish(11, 64, BASE64),
    randomish(12, 64, BASE64),
    ['-----END', 'RSA PRIVATE', 'KEY-----'].join(' '),
  ].join('\n'),
  JWT: [
    b64url({ alg: 'HS256', typ: 'JWT' }),
    b64url({ sub: 'svc-reporting', iat: 1_767_225_600 }),
    randomish(13, 43, `${ALNUM}_-`),
  ].join('.'),
  DB_PASSWORD: `Tq7${randomish(14, 9, ALNUM)}#vR2`,
} as const;

export type FakeSecretName = keyof typeof fakeSecrets;

/** Replaces `@@NAME@@` markers in JSON text with the fake secret, escaped for a JSON string. */
export function withFakeSecrets(jsonText: string): string {
  return jsonText.replace(/@@([A-Z_]+)@@/g, (marker, name: string) => {
    const value = (fakeSecrets as Record<string, string>)[name];
    if (value === undefined) throw new Error(`Unknown fake secret marker ${marker}`);
    return JSON.stringify(value).slice(1, -1);
  });
}
