import type { DB } from '@capecontrol/db';
import type { AuditVerification } from '@capecontrol/schema';
import type { Kysely } from 'kysely';
import { recordAudit, type RequestOrigin } from './audit';
import { sealAuditLog } from './audit-chain';
import { verifyAuditLog } from './audit-verify';

/**
 * An administrator's check of the audit log: seal what is pending, verify the whole chain, and
 * record that the check happened and what it found.
 */
export async function verifyAuditTrail(
  db: Kysely<DB>,
  caller: { userId: string; apiKeyId: string | null; origin: RequestOrigin | null },
): Promise<AuditVerification> {
  await sealAuditLog(db);
  const result = await verifyAuditLog(db);
  await recordAudit(db, {
    action: 'audit.verify',
    outcome: result.ok ? 'success' : 'failure',
    actor: caller.apiKeyId
      ? { type: 'api_key', userId: caller.userId, apiKeyId: caller.apiKeyId }
      : { type: 'user', userId: caller.userId },
    origin: caller.origin,
    metadata: {
      checked: result.checked,
      problems: result.problems.length,
      firstProblem: result.problems[0]?.kind ?? null,
      headSeq: result.head.chainSeq,
    },
  });
  return result;
}
