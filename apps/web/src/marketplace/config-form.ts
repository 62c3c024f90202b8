import type { ConfigField } from './marketplace-types';

/** What the settings form holds: text for text and number inputs, a flag for checkboxes. */
export type ConfigValues = Record<string, string | boolean>;
export type ConfigValue = string | number | boolean;

/**
 * The form's starting values: the current settings (when updating), else each field's default.
 * Secret fields always start empty — a saved secret is never sent back, so never shown.
 */
export function initialConfigValues(
  fields: readonly ConfigField[],
  current: Record<string, ConfigValue> = {},
): ConfigValues {
  const values: ConfigValues = {};
  for (const field of fields) {
    if (field.secret) {
      values[field.key] = '';
      continue;
    }
    const value = current[field.key] ?? field.default;
    if (field.type === 'boolean') values[field.key] = value === true;
    else if (field.type === 'select') values[field.key] = value === undefined ? '' : String(value);
    else values[field.key] = value === undefined || typeof value === 'boolean' ? '' : String(value);
  }
  return values;
}

export type ConfigCheck =
  { ok: true; config: Record<string, ConfigValue> } | { ok: false; errors: Record<string, string> };

/**
 * The settings as the API takes them (numbers as numbers), or a message per field that needs
 * attention — the same rules the server applies, checked before sending. An emptied setting is
 * sent as `''`, which clears it; an empty secret is left out, so a saved one (`secretsSet`, when
 * updating) is kept by the server and counts as filled in.
 */
export function configPayload(
  fields: readonly ConfigField[],
  values: ConfigValues,
  secretsSet: readonly string[] = [],
): ConfigCheck {
  const config: Record<string, ConfigValue> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.key];
    if (field.type === 'boolean') {
      config[field.key] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      const kept = field.secret && secretsSet.includes(field.key);
      if (field.required && !kept) errors[field.key] = `${field.label} is required.`;
      else if (!field.secret) config[field.key] = '';
      continue;
    }
    if (field.type === 'number') {
      const number = Number(text);
      if (!Number.isFinite(number)) errors[field.key] = `${field.label} must be a number.`;
      else config[field.key] = number;
      continue;
    }
    if (field.type === 'select' && !(field.options ?? []).includes(text)) {
      errors[field.key] = `Choose one of the options for ${field.label}.`;
      continue;
    }
    if (text.length > 4_000) {
      errors[field.key] = `${field.label} must be at most 4000 characters.`;
      continue;
    }
    config[field.key] = text;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, config };
}

/** A field the API named in its message ("config.apiKey: API key is required."), if any. */
export function configErrorField(message: string): { key: string; message: string } | null {
  const match = /^config\.([A-Za-z][A-Za-z0-9_]*): (.*)$/s.exec(message);
  return match?.[1] && match[2] ? { key: match[1], message: match[2] } : null;
}

/** True when these settings can't be left as they are (a required field has no default). */
export function requiresInput(fields: readonly ConfigField[]): boolean {
  return fields.some(
    (field) => field.required && field.type !== 'boolean' && field.default === undefined,
  );
}
