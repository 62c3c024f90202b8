import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** Treat `VAR=` like an unset variable, as most tools do. */
const optional = <TSchema extends z.ZodType>(schema: TSchema) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  CAPE_URL: optional(
    z.url({
      protocol: /^https?$/,
      message: 'must be an http(s) URL such as http://localhost:3000',
    }),
  ),
  CAPE_API_KEY: optional(z.string().min(8, 'must be an API key (cape_…)')),
  CAPE_CONFIG_DIR: optional(z.string()),
  XDG_CONFIG_HOME: optional(z.string()),
  NO_COLOR: optional(z.string()),
});

export interface Env {
  /** Overrides the server URL stored by `cape login`. */
  url: string | undefined;
  /** Overrides the stored credentials with an API key. */
  apiKey: string | undefined;
  /** Where credentials.json lives. */
  configDir: string;
  /** NO_COLOR is set (to anything): never colour. */
  noColor: boolean;
}

export type ParsedEnv = { ok: true; env: Env } | { ok: false; message: string };

/**
 * Every setting of the CLI, read from the environment once at start-up (main.ts is the one
 * place that passes `process.env`); a bad value is reported naming the variable.
 */
export function parseEnv(source: Record<string, string | undefined>): ParsedEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    return { ok: false, message: `${name} ${issue?.message ?? 'is invalid'}` };
  }
  const values = parsed.data;
  // NO_COLOR counts when present at all (https://no-color.org), even empty.
  const noColor = source.NO_COLOR !== undefined;
  const configDir =
    values.CAPE_CONFIG_DIR ??
    join(values.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'capecontrol');
  return {
    ok: true,
    env: { url: values.CAPE_URL, apiKey: values.CAPE_API_KEY, configDir, noColor },
  };
}
