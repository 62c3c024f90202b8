import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { createDatabase } from '@capecontrol/db';
import { sql } from 'kysely';

export interface MachineFacts {
  date: string;
  cpuModel: string;
  cpuCores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  commit: string;
  command: string;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** What the numbers depend on, recorded with every result. */
export async function machineFacts(serverUrl: string, command: string): Promise<MachineFacts> {
  const maintenance = await createDatabase({ kind: 'postgres', url: serverUrl, poolSize: 1 });
  const postgres = await sql<{ version: string }>`select version() as version`
    .execute(maintenance.db)
    .then((result) => result.rows[0]?.version ?? 'unknown')
    .finally(() => maintenance.close());
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain']) !== '';
  return {
    date: new Date().toISOString(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpuCores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    commit: dirty ? `${commit} (with uncommitted changes)` : commit,
    command,
  };
}
