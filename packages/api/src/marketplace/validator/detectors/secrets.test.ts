import { describe, expect, it } from 'vitest';
import { fakeSecrets, type FakeSecretName } from '../fake-secrets';
import type { TextField } from '../text-fields';
import { detectSecrets, isHighEntropySecret } from './secrets';

const field = (text: string, role: TextField['role'] = 'knowledge'): TextField => ({
  path: 'knowledge[0].body',
  text,
  role,
});
const ids = (text: string) => detectSecrets([field(text)]).map((f) => f.id);

describe('detectSecrets', () => {
  it.each<[FakeSecretName, string]>([
    ['OPENAI_KEY', 'secret.openai-key'],
    ['ANTHROPIC_KEY', 'secret.anthropic-key'],
    ['AWS_ACCESS_KEY', 'secret.aws-access-key'],
    ['GITHUB_TOKEN', 'secret.github-token'],
    ['SLACK_TOKEN', 'secret.slack-token'],
    ['SLACK_WEBHOOK', 'secret.slack-webhook'],
    ['STRIPE_KEY', 'secret.stripe-key'],
    ['GOOGLE_KEY', 'secret.google-api-key'],
    ['PRIVATE_KEY', 'secret.private-key'],
    ['JWT', 'secret.jwt'],
  ])('finds %s as %s, critical, without repeating the secret', (name, id) => {
    const secret = fakeSecrets[name];
    const [found, ...rest] = detectSecrets([field(`Use this:\n${secret}\nthanks`)]);
    expect(rest).toEqual([]);
    expect(found).toMatchObject({
      id,
      severity: 'critical',
      category: 'secrets',
      path: 'knowledge[0].body',
    });
    expect(found?.message).toContain('(line 2)');
    expect(found?.message).not.toContain(secret.slice(8));
  });

  it('finds a real-looking password assignment', () => {
    expect(ids(`DB_URL host=db password=${fakeSecrets.DB_PASSWORD}`)).toEqual([
      'secret.password-assignment',
    ]);
    expect(ids(`api_key: "${fakeSecrets.DB_PASSWORD}"`)).toEqual(['secret.password-assignment']);
  });

  it.each([
    'password=<your password>',
    'api_key=YOUR_API_KEY',
    'token=changeme',
    'password: ${DB_PASSWORD}',
    'api_key={{config.apiKey}}',
    'secret = process.env.SECRET',
    'password=********',
    'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'AKIAIOSFODNN7EXAMPLE',
    'pk_live_51H8qSQJ2eZvKYlo2C0aBcDeFgHiJ',
    '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
    'eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWhlcmU',
  ])('leaves the placeholder or public value %j alone', (text) => {
    expect(ids(text)).toEqual([]);
  });

  it('judges assignment values by length, entropy and character mix', () => {
    expect(isHighEntropySecret('hunter2')).toBe(false);
    expect(isHighEntropySecret('aaaaaaaaaaaaaaaa')).toBe(false);
    expect(isHighEntropySecret('xK8#pQ2vL9mR4t')).toBe(true);
  });
});
