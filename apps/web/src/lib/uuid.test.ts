import { idSchema } from '@capecontrol/schema';
import { expect, test } from 'vitest';
import { randomId } from './uuid';

test('builds a valid version 4 UUID without crypto.randomUUID (plain-http pages)', () => {
  const insecure: Pick<Crypto, 'getRandomValues'> = {
    getRandomValues: (array) => crypto.getRandomValues(array),
  };
  const ids = new Set(Array.from({ length: 200 }, () => randomId(insecure)));
  expect(ids.size).toBe(200);
  for (const id of ids) {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idSchema.safeParse(id).success).toBe(true);
  }
});
