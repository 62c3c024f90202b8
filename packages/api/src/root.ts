import { adminRouter } from './admin/router';
import { authRouter } from './auth/router';
import { agentRouter } from './agent/router';
import { marketplaceRouter } from './marketplace/router';
import { taskRouter } from './task/router';
import { router } from './trpc';

/** The whole API. Add a domain by adding its router here. */
export const appRouter = router({
  auth: authRouter,
  agent: agentRouter,
  task: taskRouter,
  marketplace: marketplaceRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
