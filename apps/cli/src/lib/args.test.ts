import { describe, expect, it } from 'vitest';
import { parseAgentSpec } from './agent-spec';
import { parseCommandArgs } from './args';
import { ExitCode, UsageError } from './errors';

const specs = {
  config: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'A setting' },
  yes: { type: 'boolean', short: 'y', description: 'Yes' },
  limit: { type: 'string', value: 'N', description: 'Limit' },
} as const;

describe('command line parsing', () => {
  it('parses repeatable, short and valued options', () => {
    const parsed = parseCommandArgs(
      'install',
      ['acme/x', '--config', 'a=1', '-y', '--config=b=2'],
      specs,
    );
    expect(parsed).toEqual({
      values: { config: ['a=1', 'b=2'], yes: true },
      positionals: ['acme/x'],
    });
  });

  it('turns mistakes into usage errors (exit 2) naming the command', () => {
    const unknown = () => parseCommandArgs('install', ['--force'], specs);
    expect(unknown).toThrow(UsageError);
    expect(unknown).toThrow('cape install: unknown option --force');
    expect(() => parseCommandArgs('search', ['--limit'], specs)).toThrow(
      '--limit needs a value (N)',
    );
    try {
      unknown();
    } catch (error) {
      expect((error as UsageError).exitCode).toBe(ExitCode.usage);
    }
  });

  it('reads publisher/agent[@version]', () => {
    expect(parseAgentSpec('install', 'acme/notes')).toEqual({
      name: 'acme/notes',
      version: undefined,
    });
    expect(parseAgentSpec('install', 'acme/notes@^1.2')).toEqual({
      name: 'acme/notes',
      version: '^1.2',
    });
    expect(() => parseAgentSpec('install', 'notes')).toThrow('"notes" is not an agent name');
    expect(() => parseAgentSpec('install', 'acme/notes@')).toThrow('give a version');
  });
});
