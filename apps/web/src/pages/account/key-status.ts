import type { ApiKey } from '@capecontrol/schema';

export type KeyStatus = 'active' | 'revoked' | 'expired';

export function keyStatus(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, nowMs: number): KeyStatus {
  if (key.revokedAt) return 'revoked';
  return Date.parse(key.expiresAt) <= nowMs ? 'expired' : 'active';
}

export const STATUS_LABELS: Record<KeyStatus, string> = {
  active: 'Active',
  revoked: 'Revoked',
  expired: 'Expired',
};
