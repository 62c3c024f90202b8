import type { AuditActor } from '../../audit/audit';
import { requestOrigin, type Context } from '../../context';
import type { ProtectedContext } from '../../trpc';
import type { LifecycleActor } from '../lifecycle';

/** Who is browsing, if anyone (marketplace pages are public; installed badges need a user). */
export function viewerOf(ctx: Context): { id: string; role: string } | null {
  return ctx.auth.status === 'authenticated'
    ? { id: ctx.auth.principal.user.id, role: ctx.auth.principal.user.role }
    : null;
}

export function auditActorOf(ctx: ProtectedContext): AuditActor {
  const { principal } = ctx;
  return principal.apiKeyId
    ? { type: 'api_key', userId: principal.user.id, apiKeyId: principal.apiKeyId }
    : { type: 'user', userId: principal.user.id };
}

export function lifecycleActor(ctx: ProtectedContext): LifecycleActor {
  return {
    userId: ctx.principal.user.id,
    role: ctx.principal.user.role,
    audit: auditActorOf(ctx),
    origin: requestOrigin(ctx),
  };
}

export function installActor(ctx: ProtectedContext) {
  return {
    userId: ctx.principal.user.id,
    apiKeyId: ctx.principal.apiKeyId,
    origin: requestOrigin(ctx),
  };
}
