import type { OptionSpecs } from '../lib/args';
import type { Command } from './command';

export interface CommandEntry {
  name: string;
  group: 'Account' | 'Publishing' | 'Marketplace' | 'Tasks';
  summary: string;
  /** Loaded on use, so `cape validate` never loads the network client and `--version` loads nothing. */
  load(): Promise<{ command: Command<OptionSpecs> }>;
}

export const commands: CommandEntry[] = [
  {
    name: 'login',
    group: 'Account',
    summary: 'Sign in to a CapeControl server',
    load: () => import('./login'),
  },
  {
    name: 'logout',
    group: 'Account',
    summary: 'End the session and forget the credentials',
    load: () => import('./logout'),
  },
  {
    name: 'whoami',
    group: 'Account',
    summary: 'Show who you are signed in as',
    load: () => import('./whoami'),
  },
  {
    name: 'validate',
    group: 'Publishing',
    summary: 'Check an agent manifest offline',
    load: () => import('./validate'),
  },
  {
    name: 'publish',
    group: 'Publishing',
    summary: 'Publish a manifest through the validation pipeline',
    load: () => import('./publish'),
  },
  {
    name: 'search',
    group: 'Marketplace',
    summary: 'Search the marketplace',
    load: () => import('./search'),
  },
  {
    name: 'info',
    group: 'Marketplace',
    summary: "Show an agent's versions, permissions and report",
    load: () => import('./info'),
  },
  {
    name: 'install',
    group: 'Marketplace',
    summary: 'Install an agent and its dependencies',
    load: () => import('./install'),
  },
  {
    name: 'update',
    group: 'Marketplace',
    summary: 'Update an installed agent',
    load: () => import('./update'),
  },
  {
    name: 'uninstall',
    group: 'Marketplace',
    summary: 'Remove an installed agent',
    load: () => import('./uninstall'),
  },
  {
    name: 'list',
    group: 'Marketplace',
    summary: 'List your installed agents',
    load: () => import('./list'),
  },
  {
    name: 'run',
    group: 'Tasks',
    summary: 'Run an agent and stream its answer',
    load: () => import('./run'),
  },
];
