import { auditVerificationSchema } from '@capecontrol/schema';
import { verifyAuditTrail } from '../audit/audit-trail';
import { requestOrigin } from '../context';
import { adminProcedure, noInput, router } from '../trpc';
import { adminTasksRouter, queueRouter } from './operations-router';

/** Operator tools; every procedure here is admin-only. */
export const adminRouter = router({
  audit: router({
    /** Seals pending audit rows, then checks the whole hash chain (`npm run audit:verify`). */
    verify: adminProcedure
      .input(noInput)
      .output(auditVerificationSchema)
      .query(({ ctx }) =>
        verifyAuditTrail(ctx.db, {
          userId: ctx.principal.user.id,
          apiKeyId: ctx.principal.apiKeyId,
          origin: requestOrigin(ctx),
        }),
      ),
  }),
  queue: queueRouter,
  tasks: adminTasksRouter,
});
