import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor, type RequestOrigin } from '../audit/audit';
import { AppError } from '../errors';
import { refreshAgentVersions } from './publish';

export interface LifecycleActor {
  userId: string;
  role: string;
  audit: AuditActor;
  origin: RequestOrigin | null;
}

/** The agent, if `actor` owns its scope (or is an admin); FORBIDDEN otherwise. */
async function requireManaged(db: Kysely<DB>, actor: LifecycleActor, name: string) {
  const agent = await db
    .selectFrom('agents')
    .innerJoin('publishers', 'publishers.scope', 'agents.publisher')
    .select(['agents.id', 'agents.name', 'publishers.owner_user_id'])
    .where('agents.name', '=', name)
    .executeTakeFirst();
  if (!agent) throw new AppError('NOT_FOUND', `There is no agent called "${name}".`);
  if (agent.owner_user_id !== actor.userId && actor.role !== 'admin') {
    throw new AppError(
      'FORBIDDEN',
      `Only the owner of the "${name.split('/')[0] ?? ''}" scope can change ${name}.`,
    );
  }
  return agent;
}

/** Marks one version (or all) deprecated with a message users see; an empty message lifts it. */
export async function deprecate(
  db: Kysely<DB>,
  actor: LifecycleActor,
  input: { name: string; version?: string | undefined; message: string },
): Promise<{ ok: true }> {
  const agent = await requireManaged(db, actor, input.name);
  const message = input.message.trim() || null;
  await db.transaction().execute(async (trx) => {
    let query = trx
      .updateTable('agent_versions')
      .set({ deprecated_message: message })
      .where('agent_id', '=', agent.id);
    if (input.version) query = query.where('version', '=', input.version);
    const result = await query.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new AppError('NOT_FOUND', `${input.name} has no version ${input.version ?? ''}.`);
    if (!input.version)
      await trx
        .updateTable('agents')
        .set({ deprecated_message: message })
        .where('id', '=', agent.id)
        .execute();
    await recordAudit(trx, {
      action: 'marketplace.deprecate',
      outcome: 'success',
      actor: actor.audit,
      origin: actor.origin,
      target: { type: 'agent', id: input.name },
      metadata: { version: input.version ?? '*', message },
    });
  });
  return { ok: true };
}

/**
 * Yanks a version: no new installs or updates choose it, but installations pinned to it keep
 * working (their lock still names it). `undo` reinstates it.
 */
export async function yank(
  db: Kysely<DB>,
  actor: LifecycleActor,
  input: { name: string; version: string; reason: string; undo?: boolean | undefined },
): Promise<{ ok: true }> {
  const agent = await requireManaged(db, actor, input.name);
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('agent_versions')
      .set(
        input.undo
          ? { yanked_at: null, yank_reason: null }
          : { yanked_at: new Date(), yank_reason: input.reason },
      )
      .where('agent_id', '=', agent.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new AppError('NOT_FOUND', `${input.name} has no version ${input.version}.`);
    await refreshAgentVersions(trx, agent.id);
    await recordAudit(trx, {
      action: input.undo ? 'marketplace.unyank' : 'marketplace.yank',
      outcome: 'success',
      actor: actor.audit,
      origin: actor.origin,
      target: { type: 'agent', id: input.name },
      metadata: { version: input.version, reason: input.reason },
    });
  });
  return { ok: true };
}

/** An admin's security advisory: installations of affected versions are flagged. */
export async function addAdvisory(
  db: Kysely<DB>,
  actor: LifecycleActor,
  input: { name: string; range: string; severity: string; summary: string },
): Promise<{ id: string }> {
  const agent = await db
    .selectFrom('agents')
    .select('id')
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (!agent) throw new AppError('NOT_FOUND', `There is no agent called "${input.name}".`);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('advisories')
      .values({
        agent_name: input.name,
        range: input.range,
        severity: input.severity,
        summary: input.summary,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'marketplace.advisory.create',
      outcome: 'success',
      actor: actor.audit,
      origin: actor.origin,
      target: { type: 'agent', id: input.name },
      metadata: { range: input.range, severity: input.severity },
    });
    return { id: row.id };
  });
}

/** Self-service: a user becomes a publisher (and may then claim scopes by publishing). */
export async function becomePublisher(
  db: Kysely<DB>,
  actor: LifecycleActor,
): Promise<{ role: 'publisher' | 'admin' }> {
  if (actor.role === 'admin' || actor.role === 'publisher') return { role: actor.role };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ role: 'publisher', updated_at: new Date() })
      .where('id', '=', actor.userId)
      .execute();
    await recordAudit(trx, {
      action: 'auth.role.publisher',
      outcome: 'success',
      actor: actor.audit,
      origin: actor.origin,
      target: { type: 'user', id: actor.userId },
    });
  });
  return { role: 'publisher' };
}
