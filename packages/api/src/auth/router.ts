import {
  createApiKeyInputSchema,
  createdApiKeySchema,
  apiKeySchema,
  loginInputSchema,
  logoutInputSchema,
  meResultSchema,
  refreshInputSchema,
  registerInputSchema,
  revokeApiKeyInputSchema,
  sessionResultSchema,
} from '@capecontrol/schema';
import { z } from 'zod';
import { noInput, protectedProcedure, publicProcedure, router, sessionProcedure } from '../trpc';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys';
import { login, logout, me, refresh, register } from './sessions';

export const authRouter = router({
  register: publicProcedure
    .input(registerInputSchema)
    .output(sessionResultSchema)
    .mutation(({ ctx, input }) => register(ctx, input)),
  login: publicProcedure
    .input(loginInputSchema)
    .output(sessionResultSchema)
    .mutation(({ ctx, input }) => login(ctx, input)),
  refresh: publicProcedure
    .input(refreshInputSchema)
    .output(sessionResultSchema)
    .mutation(({ ctx, input }) => refresh(ctx, input?.refreshToken)),
  logout: publicProcedure
    .input(logoutInputSchema)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => logout(ctx, input?.refreshToken)),
  me: protectedProcedure
    .input(noInput)
    .output(meResultSchema)
    .query(({ ctx }) => me(ctx)),
  apiKeys: router({
    create: sessionProcedure
      .input(createApiKeyInputSchema)
      .output(createdApiKeySchema)
      .mutation(({ ctx, input }) => createApiKey(ctx, input)),
    list: sessionProcedure
      .input(noInput)
      .output(z.array(apiKeySchema))
      .query(({ ctx }) => listApiKeys(ctx.db, ctx.principal.user.id)),
    revoke: sessionProcedure
      .input(revokeApiKeyInputSchema)
      .output(apiKeySchema)
      .mutation(({ ctx, input }) => revokeApiKey(ctx, input.id)),
  }),
});
