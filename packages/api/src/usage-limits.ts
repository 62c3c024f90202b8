import type { Context } from './context';
import { middleware } from './trpc';

/** Who a per-caller limit counts: the signed-in user, else the client's IP address. */
function callerKey(ctx: Context): string {
  if (ctx.auth.status === 'authenticated') return `user:${ctx.auth.principal.user.id}`;
  return `ip:${ctx.request?.ip ?? 'unknown'}`;
}

/**
 * Procedures that start a task count against the user's task budget
 * (`rateLimits.taskCreatePerUser`); past it they answer 429 with Retry-After.
 */
export const limitTaskCreation = middleware(async ({ ctx, next }) => {
  await ctx.limiters.taskCreatePerUser.consume(
    callerKey(ctx),
    'You are starting tasks too quickly. Wait a moment and try again.',
  );
  return next();
});

/** Marketplace searches count against `rateLimits.searchPerCaller` (per user, or per IP). */
export const limitSearch = middleware(async ({ ctx, next }) => {
  await ctx.limiters.searchPerCaller.consume(
    callerKey(ctx),
    'You are searching too quickly. Wait a moment and try again.',
  );
  return next();
});
