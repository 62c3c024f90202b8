import { CAPECONTROL_VERSION } from '@capecontrol/schema';
import packageJson from '../package.json' with { type: 'json' };
import { commands } from './commands';
import type { Style } from './lib/output';

export const CLI_VERSION: string = packageJson.version;

export function versionLine(): string {
  return `cape ${CLI_VERSION} (CapeControl ${CAPECONTROL_VERSION})`;
}

/** `cape --help`. */
export function mainHelp(style: Style): string[] {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  const groups = [...new Set(commands.map((command) => command.group))];
  return [
    `${style.bold('cape')}: the CapeControl command line. Sign in, validate and publish agent`,
    'manifests, search the marketplace, install agents and run them with live output.',
    '',
    `${style.bold('Usage:')} cape <command> [options]`,
    ...groups.flatMap((group) => [
      '',
      style.bold(group),
      ...commands
        .filter((command) => command.group === group)
        .map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    ]),
    '',
    style.bold('Options'),
    '  --url URL        CapeControl server (default: CAPE_URL, else the one you signed in to)',
    '  -h, --help       Show help (also `cape <command> --help`)',
    '  -V, --version    Show the version',
    '',
    style.bold('Environment'),
    '  CAPE_URL         Server URL; overrides the stored one',
    '  CAPE_API_KEY     API key; overrides the stored credentials',
    '  CAPE_CONFIG_DIR  Where credentials.json is kept (default ~/.config/capecontrol)',
    '  NO_COLOR         Never use colours (they are only used on a terminal anyway)',
    '',
    style.bold('Exit codes'),
    '  0 success · 1 failed (validation blocked, task failed, request refused) · 2 usage error',
    '  3 not signed in or not allowed · 4 server unreachable · 130 interrupted (Ctrl-C)',
  ];
}
