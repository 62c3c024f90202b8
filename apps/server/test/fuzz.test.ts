import { appRouter } from '@capecontrol/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PASSWORD, startTestServer, trpc, type TestServer } from './helpers';

/**
 * Generated over every procedure of the router: malformed input of every kind must be answered
 * with BAD_REQUEST and field-level messages, never a 500. Runs as an admin with a bearer token so
 * that every procedure gets as far as validating its input.
 */

interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  schema: z.ZodType | null;
}

const procedures: ProcedureInfo[] = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: ProcedureInfo['type']; inputs: unknown[] } }
  >,
).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
  schema: (procedure._def.inputs[0] as z.ZodType | undefined) ?? null,
}));

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  maxLength?: number;
  anyOf?: JsonSchema[];
};

/** Longer than the field allows (or, when it states no limit, longer than any sane value). */
function oversized(property: JsonSchema): string {
  const limit = property.maxLength ?? property.anyOf?.find((option) => option.maxLength)?.maxLength;
  return 'x'.repeat(limit === undefined ? 5_000 : limit + 1);
}

function objectProperties(schema: z.ZodType): Record<string, JsonSchema> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const objectSchema =
    json.type === 'object' ? json : json.anyOf?.find((option) => option.type === 'object');
  return objectSchema?.properties ?? {};
}

/** The JSON type a property takes (through `anyOf` for nullable ones); undefined for "anything". */
function typeOf(property: JsonSchema): string | undefined {
  if (property.type)
    return Array.isArray(property.type)
      ? property.type.find((type) => type !== 'null')
      : property.type;
  return property.anyOf?.map(typeOf).find((type) => type !== undefined && type !== 'null');
}

/** A value of the wrong JSON type for a property. */
function wrongType(property: JsonSchema): unknown {
  switch (typeOf(property)) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return 'not an object';
    default:
      throw new Error(`no wrong type for ${JSON.stringify(property)}`);
  }
}

function deepNesting(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = { nested: value };
  return value;
}

/** Top-level inputs that no procedure accepts. */
const topLevelMalformed: Array<[string, unknown]> = [
  ['a number', 42],
  ['a string', 'hello'],
  ['an array', [1, 2, 3]],
  ['a boolean', true],
  ['an object with an unknown key', { definitelyNotAField: 1 }],
  [
    'prototype-pollution keys',
    JSON.parse(
      '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"isAdmin": true}}}',
    ) as unknown,
  ],
];

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ env: { ADMIN_EMAIL: 'fuzz-admin@example.com' } });
  const registered = await trpc(server.url, 'auth.register', {
    input: {
      email: 'fuzz-admin@example.com',
      password: PASSWORD,
      displayName: 'Fuzz',
      transport: 'bearer',
    },
  });
  token = (registered.body.result?.data as { accessToken: string }).accessToken;
});
afterAll(async () => {
  await server.close();
});

function call(procedure: ProcedureInfo, input: unknown) {
  return trpc(server.url, procedure.path, {
    type: procedure.type === 'mutation' ? 'mutation' : 'query',
    input,
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('input fuzzing over every procedure', () => {
  it('finds the procedures', () => {
    expect(procedures.map((procedure) => procedure.path)).toContain('auth.register');
    expect(procedures.every((procedure) => procedure.schema !== null)).toBe(true);
  });

  for (const procedure of procedures.filter((p) => p.type !== 'subscription')) {
    describe(procedure.path, () => {
      // Queries travel in the URL, which Node caps at 16 KiB of headers: nest less deeply there.
      const nested: Array<[string, unknown]> = [
        ['deep nesting', deepNesting(procedure.type === 'mutation' ? 2000 : 300)],
      ];
      for (const [label, input] of [...topLevelMalformed, ...nested]) {
        it(`answers ${label} with BAD_REQUEST`, async () => {
          const response = await call(procedure, input);
          expect(response.status, JSON.stringify(response.body)).toBe(400);
          expect(response.body.error?.data.code).toBe('BAD_REQUEST');
          expect(response.body.error?.message).toEqual(expect.any(String));
          expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
          expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
        });
      }

      const properties = procedure.schema ? objectProperties(procedure.schema) : {};
      // Fields that accept any JSON (an agent's own input) are validated by the agent, not here.
      for (const [name, property] of Object.entries(properties).filter(
        ([, property]) => typeOf(property) !== undefined,
      )) {
        it(`names the field "${name}" when it has the wrong type`, async () => {
          const response = await call(procedure, { [name]: wrongType(property) });
          expect(response.status).toBe(400);
          const fields = (
            response.body.error?.data.fieldErrors as {
              fieldErrors: Record<string, string[]>;
            } | null
          )?.fieldErrors;
          expect(fields?.[name]?.length, JSON.stringify(response.body)).toBeGreaterThan(0);
        });

        it(`names the field "${name}" when it is oversized`, async () => {
          const response = await call(procedure, { [name]: oversized(property) });
          expect(response.status).toBe(400);
          const fields = (
            response.body.error?.data.fieldErrors as {
              fieldErrors: Record<string, string[]>;
            } | null
          )?.fieldErrors;
          expect(fields?.[name]?.length, JSON.stringify(response.body)).toBeGreaterThan(0);
        });

        it(`survives NaN, null and huge numbers in "${name}"`, async () => {
          for (const value of [null, Number.NaN, 1e308, -1, Number.MAX_SAFE_INTEGER + 2]) {
            const response = await call(procedure, { [name]: value });
            expect(
              response.status,
              `${String(value)}: ${JSON.stringify(response.body)}`,
            ).toBeLessThan(500);
          }
        });
      }
    });
  }

  it('answers unparseable JSON bodies with 400, not 500', async () => {
    const response = await trpc(server.url, 'auth.login', {
      rawBody: '{"email": "a@b.c", "password": ',
      headers: {},
    });
    expect(response.status).toBe(400);
  });
});
