import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import type { AgentDefinition } from '../../agent/runtime';
import { AppError } from '../../errors';
import { loadVerifiedVersion } from '../installer';
import { openSecrets } from '../secret-box';
import type { SigningKeys } from '../signing';
import { manifestAgentDefinition, type AgentPackage } from './manifest-agent';

type Lock = Record<string, { version: string; digest: string }>;

/**
 * The definition of a marketplace agent as `userId` installed it: exactly the versions of its
 * lock, each re-verified (digest and signature) before it runs, with the user's config.
 */
export async function loadInstalledAgent(
  db: Kysely<DB>,
  keys: { signing: Pick<SigningKeys, 'publicKey'>; encryption: Buffer },
  userId: string,
  name: string,
): Promise<AgentDefinition> {
  const rows = await db
    .selectFrom('installations')
    .innerJoin('agents', 'agents.id', 'installations.agent_id')
    .select([
      'installations.id',
      'agents.name',
      'installations.version',
      'installations.config',
      'installations.secrets',
      'installations.lock',
    ])
    .where('installations.user_id', '=', userId)
    .execute();
  const installations = new Map(rows.map((row) => [row.name, row]));
  const root = installations.get(name);
  if (!root)
    throw new AppError(
      'NOT_FOUND',
      `${name} is not installed. Install it from the marketplace first.`,
    );
  const lock = root.lock as unknown as Lock;

  const packages = new Map<string, AgentPackage>();
  for (const [packageName, locked] of Object.entries(lock)) {
    const verified = await loadVerifiedVersion(db, keys.signing, packageName, locked.version);
    if (verified.digest !== locked.digest) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `${packageName}@${locked.version} no longer matches the digest recorded when it was installed; reinstall ${name}.`,
      );
    }
    const installation = installations.get(packageName);
    // Manifest defaults first: a package installed only as a dependency has no config of its own.
    const defaults = Object.fromEntries(
      verified.manifest.config.flatMap((field) =>
        field.default !== undefined && !field.secret ? [[field.key, field.default]] : [],
      ),
    );
    const config: Record<string, string | number | boolean> = {
      ...defaults,
      ...((installation?.config as Record<string, string | number | boolean> | undefined) ?? {}),
    };
    if (installation?.secrets) {
      try {
        Object.assign(
          config,
          openSecrets(keys.encryption, installation.secrets, `installation:${installation.id}`),
        );
      } catch {
        // The instance secret changed (AUTH_SECRET) since the settings were saved.
        throw new AppError(
          'PRECONDITION_FAILED',
          `The secret settings of ${packageName} can no longer be read (the instance secret changed). Enter them again with an update of ${name}.`,
        );
      }
    }
    packages.set(packageName, {
      name: packageName,
      version: locked.version,
      manifest: verified.manifest,
      config,
      dependencies: new Map(),
    });
  }
  for (const pkg of packages.values()) {
    for (const dependency of Object.keys(pkg.manifest.dependencies)) {
      const resolved = packages.get(dependency);
      if (resolved) pkg.dependencies.set(dependency, resolved);
    }
  }
  const rootPackage = packages.get(name);
  if (!rootPackage)
    throw new AppError('PRECONDITION_FAILED', `The lock of ${name} is incomplete; reinstall it.`);
  return manifestAgentDefinition(rootPackage);
}
