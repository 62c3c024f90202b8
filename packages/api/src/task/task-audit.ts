import { sql, type RawBuilder } from 'kysely';
import type { AuditActor, RequestOrigin } from '../audit/audit';

/** Metadata of task transitions: fixed keys, none of them a credential. */
export interface TaskAuditMetadata {
  agent?: string;
  idempotencyKey?: string | null;
  attempt?: number;
  errorCode?: string | null;
}

export interface TaskAuditRow {
  action: string;
  outcome: 'success' | 'failure';
  actor: AuditActor;
  origin?: RequestOrigin | null;
  /** The metadata, or a jsonb expression over `source` (a claim of several tasks). */
  metadata: TaskAuditMetadata | RawBuilder<unknown>;
}

/** Who and where of a task audit row, as its columns hold them (filled as recordAudit fills them). */
export interface TaskAuditColumns {
  actorType: AuditActor['type'];
  actorUserId: string | null;
  actorApiKeyId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function taskAuditColumns(
  actor: AuditActor,
  origin: RequestOrigin | null | undefined,
): TaskAuditColumns {
  return {
    actorType: actor.type,
    actorUserId: 'userId' in actor ? actor.userId : null,
    actorApiKeyId: actor.type === 'api_key' ? actor.apiKeyId : null,
    ip: origin?.ip ?? null,
    userAgent: origin?.userAgent?.slice(0, 512) ?? null,
    requestId: origin?.requestId ?? null,
  };
}

/**
 * `insert into audit_events … select … from <source>`, for a data-modifying CTE: the audit row
 * of a task transition commits in the very statement that makes the transition (one round trip
 * instead of a transaction around recordAudit). `source` names a CTE whose `id` column is the
 * task's id. The columns are filled exactly as recordAudit (audit/audit.ts) fills them.
 */
export function auditTaskRow(source: string, row: TaskAuditRow) {
  return auditTaskInsert(source, {
    action: row.action,
    outcome: row.outcome,
    columns: taskAuditColumns(row.actor, row.origin),
    metadata:
      'toOperationNode' in row.metadata
        ? row.metadata
        : sql`${JSON.stringify(row.metadata)}::jsonb`,
  });
}

/** auditTaskRow from its column values (placeholders, in a compiled statement). */
export function auditTaskInsert(
  source: string,
  row: {
    action: string;
    outcome: 'success' | 'failure';
    columns: TaskAuditColumns;
    /** A jsonb expression. */
    metadata: RawBuilder<unknown>;
  },
) {
  const { columns } = row;
  return sql`
    insert into audit_events (actor_type, actor_user_id, actor_api_key_id, action, outcome,
      target_type, target_id, ip, user_agent, request_id, metadata)
    select ${columns.actorType}, ${columns.actorUserId}::uuid, ${columns.actorApiKeyId}::uuid,
      ${row.action}, ${row.outcome}, 'task', ${sql.ref(`${source}.id`)}::text, ${columns.ip},
      ${columns.userAgent}, ${columns.requestId}, ${row.metadata}
    from ${sql.table(source)}
  `;
}
