import type { DB } from '@capecontrol/db';
import { manifestSchema, type AgentManifest } from '@capecontrol/schema';
import { sql, type Kysely, type Transaction } from 'kysely';
import { recordAudit, type RequestOrigin } from '../audit/audit';
import { AppError } from '../errors';
import { installedOf, planChange, type InstallPlan, type Permissions } from './install-plan';
import { openSecrets, sealSecrets } from './secret-box';
import { verifyManifestSignature, type SigningKeys } from './signing';
import { sha256Hex } from './validator';

export interface InstallActor {
  userId: string;
  apiKeyId: string | null;
  origin: RequestOrigin | null;
}

export interface InstallDeps {
  db: Kysely<DB>;
  signing: SigningKeys;
  /** Key for sealing secret config values (AuthKeys.encryption). */
  encryptionKey: Buffer;
}

export interface InstallRequest {
  name: string;
  /** A version or range; default: the newest version this platform can run. */
  version?: string | undefined;
  pin?: boolean | undefined;
  config?: Record<string, string | number | boolean> | undefined;
  /** Must be true when the plan adds permissions. */
  acceptPermissions?: boolean | undefined;
}

interface VerifiedVersion {
  agentId: string;
  name: string;
  version: string;
  digest: string;
  manifest: AgentManifest;
  permissions: Permissions;
}

/**
 * Loads a version and proves it is what the platform published: the stored canonical bytes hash
 * to the stored digest and carry a valid platform signature. Anything else is refused.
 */
export async function loadVerifiedVersion(
  db: Kysely<DB> | Transaction<DB>,
  signing: Pick<SigningKeys, 'publicKey'>,
  name: string,
  version: string,
): Promise<VerifiedVersion> {
  const row = await db
    .selectFrom('agent_versions')
    .innerJoin('agents', 'agents.id', 'agent_versions.agent_id')
    .select([
      'agents.id as agent_id',
      'agent_versions.canonical_manifest',
      'agent_versions.digest',
      'agent_versions.signature',
      'agent_versions.permissions',
    ])
    .where('agents.name', '=', name)
    .where('agent_versions.version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `${name}@${version} does not exist.`);
  if (
    sha256Hex(row.canonical_manifest) !== row.digest ||
    !verifyManifestSignature(signing, row.canonical_manifest, row.signature)
  ) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `${name}@${version} failed its integrity check: the stored package does not match what was published. It will not be installed or run.`,
    );
  }
  const manifest = manifestSchema.parse(JSON.parse(row.canonical_manifest));
  return {
    agentId: row.agent_id,
    name,
    version,
    digest: row.digest,
    manifest,
    permissions: row.permissions as unknown as Permissions,
  };
}

/** The config an installation holds now, its sealed secrets opened. */
async function storedConfig(
  deps: InstallDeps,
  userId: string,
  agentId: string,
): Promise<Record<string, string | number | boolean>> {
  const row = await deps.db
    .selectFrom('installations')
    .select(['id', 'config', 'secrets'])
    .where('user_id', '=', userId)
    .where('agent_id', '=', agentId)
    .executeTakeFirst();
  if (!row) return {};
  const plain = (row.config ?? {}) as Record<string, string | number | boolean>;
  const secrets = row.secrets
    ? openSecrets(deps.encryptionKey, row.secrets, `installation:${row.id}`)
    : {};
  return { ...plain, ...secrets };
}

/** Checks the user's config against the manifest's fields; returns the plain and the secret values apart. */
export function checkConfig(
  manifest: AgentManifest,
  given: Record<string, string | number | boolean>,
): { plain: Record<string, string | number | boolean>; secrets: Record<string, string> } {
  const fields = new Map(manifest.config.map((field) => [field.key, field]));
  for (const key of Object.keys(given)) {
    if (!fields.has(key))
      throw new AppError('BAD_REQUEST', `config.${key}: this agent has no such setting.`);
  }
  const plain: Record<string, string | number | boolean> = {};
  const secrets: Record<string, string> = {};
  for (const field of manifest.config) {
    const value = given[field.key] ?? (field.secret ? undefined : field.default);
    if (value === undefined || value === '') {
      if (field.required)
        throw new AppError('BAD_REQUEST', `config.${field.key}: ${field.label} is required.`);
      continue;
    }
    const expected = field.type === 'select' ? 'string' : field.type;
    if (typeof value !== expected)
      throw new AppError(
        'BAD_REQUEST',
        `config.${field.key}: ${field.label} must be a ${expected}.`,
      );
    if (field.type === 'select' && !field.options?.includes(String(value))) {
      throw new AppError(
        'BAD_REQUEST',
        `config.${field.key}: choose one of ${field.options?.join(', ') ?? ''}.`,
      );
    }
    if (typeof value === 'string' && value.length > 4_000)
      throw new AppError('BAD_REQUEST', `config.${field.key}: at most 4000 characters.`);
    if (field.secret) secrets[field.key] = String(value);
    else plain[field.key] = value;
  }
  return { plain, secrets };
}

/**
 * Installs (or updates) an agent with its dependencies, atomically: the plan is resolved again,
 * every package to be installed is verified, the config checked, and all rows, the lock and the
 * events are written in one transaction — a failure leaves nothing behind.
 */
export async function applyInstall(
  deps: InstallDeps,
  actor: InstallActor,
  request: InstallRequest,
  mode: 'install' | 'update',
): Promise<InstallPlan> {
  const { db } = deps;
  const existing = (await installedOf(db, actor.userId)).find((row) => row.name === request.name);
  if (mode === 'install' && existing?.requested && !request.version) {
    throw new AppError(
      'CONFLICT',
      `${request.name} is already installed (${existing.version}). Use update to change its version.`,
    );
  }
  if (mode === 'update' && !existing)
    throw new AppError('NOT_FOUND', `${request.name} is not installed.`);
  const range = request.version ?? '*';
  const pin = request.pin ?? (mode === 'update' ? false : false);
  const { plan, solution } = await planChange(db, actor.userId, { name: request.name, range, pin });
  if (!plan.ok)
    throw new AppError(
      'CONFLICT',
      plan.explanation ?? 'These versions cannot be installed together.',
    );
  const grows = plan.newPermissions.network.length + plan.newPermissions.tools.length > 0;
  if (grows && !request.acceptPermissions) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `This ${mode} needs new permissions (${[...plan.newPermissions.network, ...plan.newPermissions.tools].join(', ')}). Review them and confirm to continue.`,
    );
  }

  const touched = plan.changes.filter(
    (change) => change.kind !== 'keep' || change.name === request.name,
  );
  const verified = new Map<string, VerifiedVersion>();
  for (const change of plan.changes)
    verified.set(change.name, await loadVerifiedVersion(db, deps.signing, change.name, change.to));
  const root = verified.get(request.name);
  if (!root) throw new AppError('INTERNAL_SERVER_ERROR', 'The plan lost the requested agent.');
  // An update (or a re-install at a version) keeps the settings already stored, secrets
  // included, for every key the new version still defines; values given now override them.
  const carried = existing ? await storedConfig(deps, actor.userId, existing.agent_id) : {};
  const known = new Set(root.manifest.config.map((field) => field.key));
  const kept = Object.fromEntries(Object.entries(carried).filter(([key]) => known.has(key)));
  const { plain, secrets } = checkConfig(root.manifest, { ...kept, ...(request.config ?? {}) });
  // Each requested installation's lock: exact versions and digests of its whole closure.
  const lockOf = (name: string) => {
    const closure: Record<string, { version: string; digest: string }> = {};
    const visit = (current: string) => {
      const version = verified.get(current);
      if (!version || closure[current]) return;
      closure[current] = { version: version.version, digest: version.digest };
      for (const dependency of Object.keys(version.manifest.dependencies)) visit(dependency);
    };
    visit(name);
    return closure;
  };
  const requestedNames = plan.changes
    .filter((change) => change.requested)
    .map((change) => change.name);

  await db.transaction().execute(async (trx) => {
    // Rows are locked in one global order (agent id), so concurrent installs that share
    // dependencies wait for each other instead of deadlocking.
    const ordered = [...touched].sort((a, b) =>
      (verified.get(a.name)?.agentId ?? '').localeCompare(verified.get(b.name)?.agentId ?? ''),
    );
    for (const change of ordered) {
      const version = verified.get(change.name) as VerifiedVersion;
      const isRoot = change.name === request.name;
      const values = {
        version: change.to,
        lock: JSON.stringify(lockOf(change.name)),
        granted_permissions: JSON.stringify(version.permissions),
        updated_at: sql<Date>`now()`,
      };
      const row = await trx
        .insertInto('installations')
        .values({
          user_id: actor.userId,
          agent_id: version.agentId,
          requested: isRoot,
          pinned: isRoot && pin,
          ...values,
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'agent_id']).doUpdateSet({
            ...values,
            ...(isRoot ? { requested: true, pinned: pin } : {}),
          }),
        )
        .returning(['id'])
        .executeTakeFirstOrThrow();
      if (isRoot) {
        await trx
          .updateTable('installations')
          .set({
            config: JSON.stringify(plain),
            secrets:
              Object.keys(secrets).length > 0
                ? sealSecrets(deps.encryptionKey, secrets, `installation:${row.id}`)
                : null,
          })
          .where('id', '=', row.id)
          .execute();
      }
      if (change.kind !== 'keep') {
        await trx
          .insertInto('install_events')
          .values({
            agent_id: version.agentId,
            user_id: actor.userId,
            kind: change.kind,
            version: change.to,
          })
          .execute();
        if (change.kind === 'install') {
          await trx
            .updateTable('agents')
            .set((eb) => ({ install_count: eb('install_count', '+', 1) }))
            .where('id', '=', version.agentId)
            .execute();
        }
      }
    }
    // A shared dependency may have moved: refresh the locks of the other requested installations.
    for (const name of requestedNames) {
      if (touched.some((change) => change.name === name)) continue;
      const version = verified.get(name) as VerifiedVersion;
      await trx
        .updateTable('installations')
        .set({ lock: JSON.stringify(lockOf(name)) })
        .where('user_id', '=', actor.userId)
        .where('agent_id', '=', version.agentId)
        .execute();
    }
    await recordAudit(trx, {
      action: `marketplace.${mode}`,
      outcome: 'success',
      actor: actor.apiKeyId
        ? { type: 'api_key', userId: actor.userId, apiKeyId: actor.apiKeyId }
        : { type: 'user', userId: actor.userId },
      target: { type: 'agent', id: request.name },
      origin: actor.origin,
      metadata: { solution, permissionsAccepted: grows },
    });
  });
  return plan;
}

/**
 * Removes an agent. Refused while another installed agent depends on it, unless the caller asks
 * to remove those too. Dependencies nothing else needs any more go with it. Task history stays.
 */
export async function uninstall(
  db: Kysely<DB>,
  actor: InstallActor,
  request: { name: string; removeDependents?: boolean | undefined },
): Promise<{ removed: string[] }> {
  const installed = await installedOf(db, actor.userId);
  const target = installed.find((row) => row.name === request.name);
  if (!target) throw new AppError('NOT_FOUND', `${request.name} is not installed.`);
  const locks = await db
    .selectFrom('installations')
    .innerJoin('agents', 'agents.id', 'installations.agent_id')
    .select(['agents.name', 'installations.lock', 'installations.requested'])
    .where('installations.user_id', '=', actor.userId)
    .execute();
  const dependentsOf = (name: string) =>
    locks
      .filter(
        (row) =>
          row.requested && row.name !== name && name in (row.lock as Record<string, unknown>),
      )
      .map((row) => row.name);

  const removing = new Set<string>([request.name]);
  const dependents = dependentsOf(request.name);
  if (dependents.length > 0 && !request.removeDependents) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `${dependents.join(', ')} ${dependents.length === 1 ? 'depends' : 'depend'} on ${request.name}. Uninstall ${dependents.length === 1 ? 'it' : 'them'} first, or remove them together.`,
    );
  }
  for (const name of dependents) removing.add(name);
  // Keep only what the remaining requested installations still need.
  const needed = new Set<string>();
  for (const row of locks)
    if (row.requested && !removing.has(row.name))
      for (const name of Object.keys(row.lock as object)) needed.add(name);
  for (const row of installed)
    if (!needed.has(row.name) && (!row.requested || removing.has(row.name))) removing.add(row.name);

  const rows = installed.filter((row) => removing.has(row.name));
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('installations')
      .where('user_id', '=', actor.userId)
      .where(
        'agent_id',
        'in',
        rows.map((row) => row.agent_id),
      )
      .execute();
    for (const row of rows) {
      await trx
        .insertInto('install_events')
        .values({
          agent_id: row.agent_id,
          user_id: actor.userId,
          kind: 'uninstall',
          version: row.version,
        })
        .execute();
      await trx
        .updateTable('agents')
        .set((eb) => ({ install_count: sql<number>`greatest(${eb.ref('install_count')} - 1, 0)` }))
        .where('id', '=', row.agent_id)
        .execute();
    }
    await recordAudit(trx, {
      action: 'marketplace.uninstall',
      outcome: 'success',
      actor: { type: 'user', userId: actor.userId },
      target: { type: 'agent', id: request.name },
      origin: actor.origin,
      metadata: { removed: rows.map((row) => row.name) },
    });
  });
  return { removed: rows.map((row) => row.name).sort() };
}
