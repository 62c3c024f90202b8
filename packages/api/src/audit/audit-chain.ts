import { createHash } from 'node:crypto';
import type { DB } from '@capecontrol/db';
import { sql, type Kysely } from 'kysely';

/** The `prev_hash` of the first row of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Every column of an audit row as text, in a form that depends on neither the driver nor the
 * session's time zone (timestamps in UTC to the microsecond, jsonb in its normalised text form).
 * A column added to audit_events must be added here and to `hashAuditRow` (a test checks).
 */
export interface CanonicalAuditRow {
  id: string;
  seq: string;
  occurred_at: string;
  actor_type: string;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  action: string;
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  metadata: string;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** The columns `hashAuditRow` covers, beside the chain's own `hash`. */
export const HASHED_COLUMNS = [
  'chain_seq',
  'prev_hash',
  'id',
  'seq',
  'occurred_at',
  'actor_type',
  'actor_user_id',
  'actor_api_key_id',
  'action',
  'outcome',
  'target_type',
  'target_id',
  'ip',
  'user_agent',
  'request_id',
  'metadata',
] as const satisfies ReadonlyArray<keyof CanonicalAuditRow>;

/** `select` list producing a CanonicalAuditRow from `audit_events`. */
export const canonicalAuditColumns = sql<CanonicalAuditRow>`
  id::text as id, seq::text as seq,
  to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
  actor_type, actor_user_id::text as actor_user_id, actor_api_key_id::text as actor_api_key_id,
  action, outcome, target_type, target_id, ip, user_agent, request_id,
  metadata::text as metadata, chain_seq::text as chain_seq, prev_hash, hash
`;

/** sha256 (hex) over the row's columns at its place in the chain, after the row hashed `prevHash`. */
export function hashAuditRow(
  row: CanonicalAuditRow,
  chainSeq: string | number,
  prevHash: string,
): string {
  const values = HASHED_COLUMNS.map((column) =>
    column === 'chain_seq' ? String(chainSeq) : column === 'prev_hash' ? prevHash : row[column],
  );
  return createHash('sha256')
    .update(JSON.stringify(['cape-audit-v1', ...values]))
    .digest('hex');
}

export interface SealOptions {
  /** Rows per transaction (default 500). */
  batchSize?: number;
  /** When another process is sealing: wait for it (default) or return at once. */
  wait?: boolean;
}

/**
 * Gives every committed, unsealed audit row its place in the hash chain, oldest insert first,
 * in batches of one transaction each. Inserts never wait for this: the only lock taken is on
 * the single `audit_chain_head` row, so concurrent sealers take turns. Returns the rows sealed.
 */
export async function sealAuditLog(db: Kysely<DB>, options: SealOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let sealed = 0;
  for (;;) {
    const count = await db.transaction().execute(async (trx) => {
      let headQuery = trx
        .selectFrom('audit_chain_head')
        .select(['chain_seq', 'hash'])
        .where('id', '=', true)
        .forUpdate();
      if (options.wait === false) headQuery = headQuery.skipLocked();
      const head = await headQuery.executeTakeFirst();
      if (!head) return 0;
      // A row inserted by a transaction still open now is invisible here and simply joins the
      // chain in a later batch: chain order is sealing order, not `seq` order. (Qualified
      // names: the select list's text aliases would otherwise sort "10" before "2".)
      const { rows } = await sql<CanonicalAuditRow>`
        select ${canonicalAuditColumns} from audit_events
        where chain_seq is null order by audit_events.seq limit ${batchSize}
      `.execute(trx);
      if (rows.length === 0) return 0;
      const ids: string[] = [];
      const positions: string[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      let chainSeq = head.chain_seq;
      let prevHash = head.hash;
      for (const row of rows) {
        chainSeq += 1;
        const hash = hashAuditRow(row, chainSeq, prevHash);
        ids.push(row.id);
        positions.push(String(chainSeq));
        prevHashes.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      await sql`
        update audit_events as a
        set chain_seq = v.chain_seq, prev_hash = v.prev_hash, hash = v.hash
        from unnest(${ids}::uuid[], ${positions}::bigint[], ${prevHashes}::text[], ${hashes}::text[])
          as v(id, chain_seq, prev_hash, hash)
        where a.id = v.id
      `.execute(trx);
      await trx
        .updateTable('audit_chain_head')
        .set({ chain_seq: chainSeq, hash: prevHash, sealed_at: sql`now()` })
        .where('id', '=', true)
        .execute();
      return rows.length;
    });
    sealed += count;
    if (count < batchSize) return sealed;
  }
}
