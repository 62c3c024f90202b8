import type { ManifestConfigField } from '@capecontrol/schema';
import { UsageError } from './errors';
import type { Io } from './output';
import { readLine, readSecret } from './prompt';

export type ConfigValue = string | number | boolean;

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** One setting's text turned into the type its manifest field declares. */
function coerce(command: string, field: ManifestConfigField, raw: string): ConfigValue {
  switch (field.type) {
    case 'number': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) {
        throw new UsageError(`cape ${command}: ${field.key} must be a number, not "${raw}".`);
      }
      return value;
    }
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw new UsageError(`cape ${command}: ${field.key} must be true or false, not "${raw}".`);
    }
    case 'select':
      if (field.options && !field.options.includes(raw)) {
        throw new UsageError(
          `cape ${command}: ${field.key} must be one of ${field.options.join(', ')}; got "${raw}".`,
        );
      }
      return raw;
    case 'string':
      return raw;
  }
}

/**
 * `--config key=value` pairs checked against the agent's settings and typed. Required settings
 * without a value or default are asked for on a terminal (secrets without echo); elsewhere a
 * missing one is a usage error naming it.
 */
export async function collectConfig(
  io: Io,
  command: string,
  pairs: string[],
  fields: ManifestConfigField[],
): Promise<Record<string, ConfigValue>> {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const values: Record<string, ConfigValue> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) {
      throw new UsageError(`cape ${command}: --config takes key=value, not "${pair}".`);
    }
    const key = pair.slice(0, equals);
    const field = byKey.get(key);
    if (!field) {
      const known = fields.map((f) => f.key).join(', ');
      throw new UsageError(
        `cape ${command}: this agent has no setting "${key}".`,
        known ? `Its settings: ${known}.` : 'It has no settings.',
      );
    }
    values[key] = coerce(command, field, pair.slice(equals + 1));
  }
  const missing = fields.filter(
    (field) => field.required && field.default === undefined && values[field.key] === undefined,
  );
  if (missing.length > 0 && !io.interactive) {
    throw new UsageError(
      `cape ${command}: missing required setting${missing.length > 1 ? 's' : ''} ${missing.map((f) => f.key).join(', ')}.`,
      `Pass ${missing.map((f) => `--config ${f.key}=…`).join(' ')}.`,
    );
  }
  for (const field of missing) {
    const hint = field.type === 'select' && field.options ? ` (${field.options.join('/')})` : '';
    const question = `${field.label}${hint} [${field.key}]: `;
    const answer = field.secret ? await readSecret(io, question) : await readLine(io, question);
    values[field.key] = coerce(command, field, answer);
  }
  return values;
}
