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

/**
 * `insert into audit_events … select … from <source>`, for a data-modifying CTE: the audit row
 * of a task transition commits in the very statement that makes the transition (one round trip
 * instead of a transaction around recordAudit). `source` names a CTE whose `id` column is the
 * task's id. The columns are filled exactly as recordAudit (audit/audit.ts) fills them.
 */
export function auditTaskRow(source: string, row: TaskAuditRow) {
  const { actor, origin } = row;
  return sql`
    insert into audit_events (actor_type, actor_user_id, actor_api_key_id, action, outcome,
      target_type, target_id, ip, user_agent, request_id, metadata)
    select ${actor.type}, ${'userId' in actor ? actor.userId : null}::uuid,
      ${actor.type === 'api_key' ? actor.apiKeyId : null}::uuid, ${row.action}, ${row.outcome},
      'task', ${sql.ref(`${source}.id`)}::text, ${origin?.ip ?? null},
      ${origin?.userAgent?.slice(0, 512) ?? null}, ${origin?.requestId ?? null},
      ${'toOperationNode' in row.metadata ? row.metadata : sql`${JSON.stringify(row.metadata)}::jsonb`}
    from ${sql.table(source)}
  `;
}
