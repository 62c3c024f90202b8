import type { Env } from '../env';
import type { Io } from './output';

/** What every command gets: the terminal, the environment and the global options. */
export interface CommandContext {
  io: Io;
  env: Env;
  /** `--url` from the command line (wins over CAPE_URL and the stored server). */
  urlFlag: string | undefined;
  /** The server this command talks to, once known (error messages name it). */
  serverUrl: string | null;
}
