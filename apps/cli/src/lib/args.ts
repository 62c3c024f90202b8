import { parseArgs } from 'node:util';
import { UsageError } from './errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. `URL`. */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<TSpec extends OptionSpec> = TSpec['type'] extends 'boolean'
  ? boolean
  : TSpec['multiple'] extends true
    ? string[]
    : string;

export type OptionValues<TSpecs extends OptionSpecs> = {
  [TKey in keyof TSpecs]?: ValueOf<TSpecs[TKey]>;
};

export interface ParsedArgs<TSpecs extends OptionSpecs> {
  values: OptionValues<TSpecs>;
  positionals: string[];
}

/** `--help` and `--url`, which every command (or every command that talks to a server) accepts. */
export const helpOption = {
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
} as const satisfies OptionSpecs;

export const urlOption = {
  url: {
    type: 'string',
    value: 'URL',
    description: 'CapeControl server (default: CAPE_URL, else the one you signed in to)',
  },
} as const satisfies OptionSpecs;

export const jsonOption = {
  json: { type: 'boolean', description: 'Print JSON for scripts instead of text' },
} as const satisfies OptionSpecs;

/**
 * `node:util` parseArgs with errors a person can act on: unknown options and missing values
 * become a UsageError (exit 2) naming the command.
 */
export function parseCommandArgs<TSpecs extends OptionSpecs>(
  command: string,
  args: string[],
  specs: TSpecs,
): ParsedArgs<TSpecs> {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return {
      values: parsed.values as OptionValues<TSpecs>,
      positionals: parsed.positionals,
    };
  } catch (error) {
    throw new UsageError(
      `cape ${command}: ${usageMessage(error, specs)}`,
      `See \`cape ${command} --help\`.`,
    );
  }
}

function usageMessage(error: unknown, specs: OptionSpecs): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = option?.replace(/^-+/, '').split(/[ =]/)[0] ?? '';
      const spec = specs[name] ?? Object.values(specs).find((s) => s.short === name);
      return spec?.type === 'string'
        ? `${option ?? 'an option'} needs a value (${spec.value ?? 'VALUE'})`
        : `${option ?? 'an option'} takes no value`;
    }
    default:
      return message.split('\n')[0] ?? message;
  }
}

/** Renders the options part of a command's help, aligned. */
export function formatOptions(specs: OptionSpecs): string[] {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
    return [`${short}--${name}${value}`, spec.description + (spec.multiple ? ' (repeatable)' : '')];
  });
  const width = Math.max(...rows.map(([left]) => left?.length ?? 0));
  return rows.map(([left = '', right = '']) => `  ${left.padEnd(width)}  ${right}`);
}
