import { z } from 'zod';

/** Why a row of the audit chain failed verification. */
export const auditProblemKindSchema = z.enum([
  /** The row's contents no longer match the hash it was sealed with. */
  'altered',
  /** A sealed row is gone (a gap in the chain, or a row that should precede this one). */
  'missing',
  /** The row is not where it was sealed: it links to a row found elsewhere in the chain. */
  're-ordered',
  /** The chain head (last position and hash) disagrees with the last sealed row. */
  'head_mismatch',
]);
export type AuditProblemKind = z.infer<typeof auditProblemKindSchema>;

export const auditProblemSchema = z.object({
  kind: auditProblemKindSchema,
  /** Position in the chain where the problem shows (the row that is missing, for a gap). */
  chainSeq: z.number().int(),
  /** The row's id, when the row exists. */
  id: z.string().nullable(),
  /** Its insertion sequence number (`seq`), when the row exists. */
  seq: z.number().int().nullable(),
  action: z.string().nullable(),
  message: z.string(),
});
export type AuditProblem = z.infer<typeof auditProblemSchema>;

/** The result of checking the audit log's hash chain from its first row to its head. */
export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  /** Sealed rows read. */
  checked: z.number().int(),
  /** Rows inserted but not yet sealed (not covered by this check). */
  unsealed: z.number().int(),
  head: z.object({ chainSeq: z.number().int(), hash: z.string() }),
  /** The first problems found, in chain order (empty when ok); at most `problemLimit`. */
  problems: z.array(auditProblemSchema),
  problemLimit: z.number().int(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
