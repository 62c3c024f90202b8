import type { DB } from '@capecontrol/db';
import type { AuditProblem, AuditVerification } from '@capecontrol/schema';
import { sql, type Kysely } from 'kysely';
import {
  canonicalAuditColumns,
  GENESIS_HASH,
  hashAuditRow,
  type CanonicalAuditRow,
} from './audit-chain';

export interface VerifyOptions {
  /** Stop after this many problems (default 20). */
  problemLimit?: number;
  /** Rows read per query (default 1000). */
  pageSize?: number;
}

type SealedRow = CanonicalAuditRow & { chain_seq: string; prev_hash: string; hash: string };

/**
 * Recomputes the audit log's hash chain from its first row to its head, in one consistent
 * snapshot, and reports the first problems in chain order: a row whose contents changed
 * (`altered`), a row that is gone (`missing`), a row moved to another place (`re-ordered`), or a
 * head that disagrees with the last row (`head_mismatch`). Read-only; rows not yet sealed are
 * counted, not checked (seal first to cover them).
 */
export async function verifyAuditLog(
  db: Kysely<DB>,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const problemLimit = options.problemLimit ?? 20;
  const pageSize = options.pageSize ?? 1000;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const head = await trx
        .selectFrom('audit_chain_head')
        .select(['chain_seq', 'hash'])
        .where('id', '=', true)
        .executeTakeFirstOrThrow();
      const unsealed = await trx
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('chain_seq', 'is', null)
        .executeTakeFirstOrThrow();

      const problems: AuditProblem[] = [];
      const report = (problem: AuditProblem) =>
        problems.length < problemLimit && problems.push(problem);
      let checked = 0;
      let expected = 1;
      let prevHash = GENESIS_HASH;
      let last: SealedRow | null = null;
      let after = Number.MIN_SAFE_INTEGER;

      pages: for (;;) {
        const { rows } = await sql<SealedRow>`
          select ${canonicalAuditColumns} from audit_events
          where audit_events.chain_seq > ${after} order by audit_events.chain_seq limit ${pageSize}
        `.execute(trx);
        for (const row of rows) {
          if (problems.length >= problemLimit) break pages;
          checked += 1;
          const chainSeq = Number(row.chain_seq);
          const where = describe(row);
          let linked = true;
          if (chainSeq > expected) {
            linked = false;
            const range =
              chainSeq - 1 > expected ? `#${expected}–#${chainSeq - 1}` : `#${expected}`;
            report({
              kind: 'missing',
              chainSeq: expected,
              id: null,
              seq: null,
              action: null,
              message: `${range} missing: the chain jumps from #${expected - 1} to ${where}.`,
            });
          } else if (row.prev_hash !== prevHash) {
            linked = false;
            const elsewhere = await trx
              .selectFrom('audit_events')
              .select(['chain_seq', 'id'])
              .where('hash', '=', row.prev_hash)
              .executeTakeFirst();
            report({
              ...identify(row),
              ...(elsewhere
                ? {
                    kind: 're-ordered',
                    message: `${where} was sealed right after row ${elsewhere.id}, which is now at #${String(elsewhere.chain_seq)}: rows were re-ordered.`,
                  }
                : {
                    kind: 'missing',
                    message: `the row sealed just before ${where} is gone (deleted, or rewritten together with its hash).`,
                  }),
            });
          }
          if (linked && hashAuditRow(row, row.chain_seq, row.prev_hash) !== row.hash) {
            report({
              ...identify(row),
              kind: 'altered',
              message: `${where} no longer matches its hash: it was edited after it was sealed.`,
            });
          }
          prevHash = row.hash;
          expected = chainSeq + 1;
          after = chainSeq;
          last = row;
        }
        if (rows.length < pageSize) break;
      }

      const lastSeq = last ? Number(last.chain_seq) : 0;
      if (problems.length < problemLimit) {
        if (head.chain_seq > lastSeq) {
          report({
            kind: 'missing',
            chainSeq: lastSeq + 1,
            id: null,
            seq: null,
            action: null,
            message: `the chain head is #${head.chain_seq} but the last row is #${lastSeq}: rows at the end were deleted.`,
          });
        } else if (head.chain_seq < lastSeq || head.hash !== (last?.hash ?? GENESIS_HASH)) {
          report({
            kind: 'head_mismatch',
            chainSeq: lastSeq,
            id: last?.id ?? null,
            seq: last ? Number(last.seq) : null,
            action: last?.action ?? null,
            message: `the chain head (#${head.chain_seq}) does not match the last row (#${lastSeq}): the head was edited.`,
          });
        }
      }
      return {
        ok: problems.length === 0,
        checked,
        unsealed: Number(unsealed.count),
        head: { chainSeq: head.chain_seq, hash: head.hash },
        problems,
        problemLimit,
      };
    });
}

function identify(row: SealedRow) {
  return {
    chainSeq: Number(row.chain_seq),
    id: row.id,
    seq: Number(row.seq),
    action: row.action,
  };
}

/** "row #12 (id …, seq 14, task.create)". */
function describe(row: SealedRow): string {
  return `row #${row.chain_seq} (id ${row.id}, seq ${row.seq}, ${row.action})`;
}
