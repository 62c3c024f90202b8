import type { DB, Users } from '@capecontrol/db';
import { roleSchema, type User } from '@capecontrol/schema';
import type { Selectable } from 'kysely';
import type { AuthenticatedUser } from '../context';

export type UserRow = Pick<
  Selectable<Users>,
  'id' | 'email' | 'display_name' | 'role' | 'created_at'
>;
export const userColumns = [
  'users.id',
  'users.email',
  'users.display_name',
  'users.role',
  'users.created_at',
] as const;

export function toAuthenticatedUser(row: UserRow): AuthenticatedUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: roleSchema.parse(row.role),
    createdAt: row.created_at,
  };
}

/** The user as the API shows it. */
export function toUserDto(user: AuthenticatedUser): User {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
  };
}

export type { DB };
