import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecrets, sealSecrets } from './secret-box';

const key = randomBytes(32);

describe('secret box', () => {
  it('round-trips secrets without leaving them readable', () => {
    const sealed = sealSecrets(key, { apiToken: 'tok_live_123' }, 'installation:1');
    expect(sealed).not.toContain('tok_live_123');
    expect(openSecrets(key, sealed, 'installation:1')).toEqual({ apiToken: 'tok_live_123' });
  });

  it('refuses a ciphertext moved to another row, tampered with, or opened with another key', () => {
    const sealed = sealSecrets(key, { a: 'b' }, 'installation:1');
    expect(() => openSecrets(key, sealed, 'installation:2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => openSecrets(key, parts.join('.'), 'installation:1')).toThrow();
    expect(() => openSecrets(randomBytes(32), sealed, 'installation:1')).toThrow();
  });
});
