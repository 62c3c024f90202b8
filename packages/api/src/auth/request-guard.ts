import { recordAudit } from '../audit/audit';
import { requestOrigin, type Context } from '../context';
import { AppError } from '../errors';
import { cookieName } from './cookies';
import { verifyCsrfToken } from './csrf';

/**
 * Checks a mutation that arrives without an Authorization header (so from a browser, with
 * cookies): JSON only (no HTML-form or text/plain simple POSTs), same-site by Sec-Fetch-Site,
 * from an allowed Origin, and, when a session cookie authenticated it, carrying that
 * session's CSRF token. In-process calls (no request) and bearer-authenticated calls pass.
 */
export async function guardBrowserMutation(ctx: Context): Promise<void> {
  const request = ctx.request;
  if (!request || request.authorization) return;

  const contentType = request.contentType?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    await refuse(ctx, 'content_type', 'Requests that change data must be sent as JSON.');
  }
  if (request.secFetchSite && !['same-origin', 'none'].includes(request.secFetchSite)) {
    await refuse(ctx, 'cross_site', 'Cross-site requests are not allowed.');
  }
  if (request.origin !== null && !isAllowedOrigin(ctx, request.origin)) {
    await refuse(ctx, 'origin', 'Requests from this origin are not allowed.');
  }
  if (ctx.auth.status === 'authenticated' && ctx.auth.principal.via === 'cookie') {
    await assertCsrfToken(ctx, ctx.auth.principal.sessionId as string);
  }
}

/** The double-submitted CSRF token must match its cookie and be signed for `sessionId`. */
export async function assertCsrfToken(ctx: Context, sessionId: string): Promise<void> {
  const request = ctx.request;
  if (!request) return;
  const header = request.csrfHeader;
  const cookie = request.cookies[cookieName('csrf', ctx.config.secureCookies)];
  if (!header || !cookie) {
    await refuse(
      ctx,
      'csrf_missing',
      'Missing CSRF token. Reload the page and try again.',
      sessionId,
    );
  } else if (header !== cookie || !verifyCsrfToken(ctx.keys.csrf, sessionId, header)) {
    await refuse(
      ctx,
      'csrf_invalid',
      'Invalid CSRF token. Reload the page and try again.',
      sessionId,
    );
  }
}

function isAllowedOrigin(ctx: Context, origin: string): boolean {
  if (origin === 'null') return false;
  const allowed = ctx.config.allowedOrigins;
  if (allowed.length > 0) return allowed.includes(origin);
  return origin === ctx.request?.selfOrigin;
}

async function refuse(
  ctx: Context,
  reason: string,
  message: string,
  sessionId?: string,
): Promise<never> {
  const principal = ctx.auth.status === 'authenticated' ? ctx.auth.principal : null;
  await recordAudit(ctx.db, {
    action: 'auth.csrf',
    outcome: 'denied',
    actor: principal ? { type: 'user', userId: principal.user.id } : { type: 'anonymous' },
    origin: requestOrigin(ctx),
    target: sessionId ? { type: 'session', id: sessionId } : undefined,
    metadata: {
      reason,
      requestOrigin: ctx.request?.origin ?? null,
      secFetchSite: ctx.request?.secFetchSite ?? null,
    },
  });
  throw new AppError('FORBIDDEN', message);
}
