import { isDatabaseUnavailable, isUniqueViolation } from '@capecontrol/db';
import type { ApiKeyScope, FieldErrors } from '@capecontrol/schema';
import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { z, ZodError } from 'zod';
import { recordAudit } from './audit/audit';
import { guardBrowserMutation } from './auth/request-guard';
import { requestOrigin, type Context, type Principal } from './context';
import { AppError, databaseUnavailableError } from './errors';

export interface Meta {
  /** The API-key scope a call needs; default: `read` for queries and subscriptions, `write` for mutations. */
  scope?: ApiKeyScope;
}

const INTERNAL_MESSAGE =
  'Something went wrong on our side. The error has been logged; please try again.';

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    sse: {
      // Below common proxy idle timeouts (60 s), so idle streams are not cut.
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 40_000 },
    },
    errorFormatter({ shape, error }) {
      // Errors thrown while a subscription is being iterated never pass the error boundary
      // below, so domain errors are also recognised here: the stream gets NOT_FOUND, not a 500.
      const appError = error.cause instanceof AppError ? error.cause : null;
      const code = appError?.code ?? shape.data.code;
      const zodError =
        error.cause instanceof ZodError
          ? error.cause
          : appError?.cause instanceof ZodError
            ? appError.cause
            : null;
      const fieldErrors = zodError ? (z.flattenError(zodError) as FieldErrors) : null;
      const internal = code === 'INTERNAL_SERVER_ERROR';
      return {
        message: internal
          ? INTERNAL_MESSAGE
          : appError
            ? appError.message
            : fieldErrors && zodError
              ? describeZodError(zodError)
              : shape.message,
        code: appError ? TRPC_ERROR_CODES_BY_KEY[appError.code] : shape.code,
        data: {
          code,
          httpStatus: appError
            ? getHTTPStatusCodeFromError(new TRPCError({ code: appError.code }))
            : shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors,
          retryAfterSeconds: appError?.retryAfterSeconds ?? null,
        },
      };
    },
  });

/** "email: Enter a valid email address" — the first problem, in words, for clients that show one line. */
function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Turns domain errors into tRPC errors in one place: AppError keeps its code and message, a
 * unique violation becomes CONFLICT, and anything else stays an internal error whose details
 * are logged, never sent.
 */
const errorBoundary = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const error = result.error;
  const cause = error.cause;
  if (cause instanceof AppError) {
    if (cause.retryAfterSeconds !== undefined) {
      ctx.responseHeaders.set('Retry-After', String(cause.retryAfterSeconds));
    }
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (error.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(cause)) {
    // Temporary: the database is down or restarting. Answer at once with 503 and Retry-After
    // instead of a 500; the pool reconnects by itself when the server is back.
    ctx.logger.warn({ err: cause, path, type }, 'database unavailable');
    throw databaseUnavailableError(cause, ctx.responseHeaders);
  }
  if (error.code === 'INTERNAL_SERVER_ERROR' && isUniqueViolation(cause)) {
    throw new TRPCError({ code: 'CONFLICT', message: 'That already exists.', cause });
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.logger.error({ err: cause ?? error, path, type }, 'procedure failed');
  }
  return result;
});

/** Cookie-authenticated browser mutations must prove they come from our own pages (CSRF). */
const browserGuard = t.middleware(async ({ ctx, next, type }) => {
  if (type === 'mutation') await guardBrowserMutation(ctx);
  return next();
});

/** Times every call, with the code it finally answered, for the metrics observer. */
const observe = t.middleware(async ({ ctx, next, path, type }) => {
  const started = performance.now();
  const result = await next();
  const code = result.ok ? 'ok' : result.error.code;
  ctx.observer.procedure(path, type, code, (performance.now() - started) / 1000);
  return result;
});

/** Every subscription's stream holds one of its user's slots while it is open (limits, metrics). */
const subscriptionSlots = t.middleware(async ({ ctx, next, type }) => {
  const result = await next();
  if (type !== 'subscription' || !result.ok || !isAsyncIterable(result.data)) return result;
  const userId = ctx.auth.status === 'authenticated' ? ctx.auth.principal.user.id : null;
  return { ...result, data: ctx.subscriptions.hold(userId, result.data) };
});

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export const publicProcedure = t.procedure
  .use(observe)
  .use(subscriptionSlots)
  .use(errorBoundary)
  .use(browserGuard);

/** Requires a caller; API keys must carry the scope the call needs. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, meta, type, next }) => {
  if (ctx.auth.status !== 'authenticated') {
    throw new AppError(
      'UNAUTHORIZED',
      ctx.auth.status === 'rejected' ? ctx.auth.message : 'Sign in to continue.',
    );
  }
  const principal = ctx.auth.principal;
  if (principal.via === 'api_key') {
    const needed: ApiKeyScope = meta?.scope ?? (type === 'mutation' ? 'write' : 'read');
    if (!principal.scopes.includes(needed)) {
      await recordAudit(ctx.db, {
        action: 'auth.api_key.scope',
        outcome: 'denied',
        actor: { type: 'api_key', userId: principal.user.id, apiKeyId: principal.apiKeyId ?? '' },
        origin: requestOrigin(ctx),
        metadata: { needed },
      });
      throw new AppError('FORBIDDEN', `This API key lacks the "${needed}" scope.`);
    }
  }
  return next({ ctx: { ...ctx, principal } });
});

/** Account management: needs a signed-in session; API keys cannot manage keys or sessions. */
export const sessionProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  if (ctx.principal.via === 'api_key') {
    throw new AppError(
      'FORBIDDEN',
      'Sign in with your password to manage your account; API keys cannot.',
    );
  }
  return next({ ctx: { ...ctx, sessionId: ctx.principal.sessionId as string } });
});

export const adminProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  if (ctx.principal.user.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only administrators can do this.');
  return next();
});

export type ProtectedContext = Context & { principal: Principal };

/**
 * Input schema for procedures that take none: nothing (or an empty object, which is what
 * non-batching HTTP clients send) — anything else is refused as BAD_REQUEST.
 */
export const noInput = z.union([z.undefined(), z.strictObject({})]).transform(() => undefined);
