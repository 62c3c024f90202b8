import type { DB, Json } from '@capecontrol/db';
import type { Kysely } from 'kysely';

export type AuditActor =
  | { type: 'anonymous' }
  | { type: 'system' }
  | { type: 'user'; userId: string }
  | { type: 'api_key'; userId: string; apiKeyId: string };

/** Where a request came from, as recorded with its audit events. */
export interface RequestOrigin {
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEventInput {
  /** Dotted name of what happened, e.g. `auth.login`. */
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  actor: AuditActor;
  target?: { type: string; id: string } | undefined;
  origin?: RequestOrigin | null | undefined;
  metadata?: Record<string, Json | undefined> | undefined;
}

/** Keys whose values are credentials; they are dropped from metadata whatever the caller does. */
const SECRET_KEY = /pass(word)?|secret|token|api_?key|authorization|cookie|hash/i;

/**
 * Appends one row to the audit log. The log has no update or delete path, in code or in the
 * database (a trigger refuses both).
 */
export async function recordAudit(db: Kysely<DB>, event: AuditEventInput): Promise<void> {
  const metadata: Record<string, Json> = {};
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    if (value !== undefined && !SECRET_KEY.test(key)) metadata[key] = value;
  }
  await db
    .insertInto('audit_events')
    .values({
      action: event.action,
      outcome: event.outcome,
      actor_type: event.actor.type,
      actor_user_id: 'userId' in event.actor ? event.actor.userId : null,
      actor_api_key_id: event.actor.type === 'api_key' ? event.actor.apiKeyId : null,
      target_type: event.target?.type ?? null,
      target_id: event.target?.id ?? null,
      ip: event.origin?.ip ?? null,
      user_agent: event.origin?.userAgent?.slice(0, 512) ?? null,
      request_id: event.origin?.requestId ?? null,
      metadata: JSON.stringify(metadata),
    })
    .execute();
}
