import type { Role } from '@capecontrol/schema';

export interface NavItem {
  to: string;
  label: string;
  /** Active only on this exact path (for "/"). */
  end?: boolean;
  /** Shown only to these roles; everyone signed in when absent. */
  roles?: readonly Role[];
}

const PUBLISHERS: readonly Role[] = ['publisher', 'admin'];

/**
 * The signed-in navigation, in order. Only pages that work today, and only those the user can
 * use: publishing pages for publishers, administration for admins. (Platform analytics is linked
 * from the marketplace and the dashboard: one more entry would crowd every member's header.)
 */
export const mainNav: readonly NavItem[] = [
  { to: '/', label: 'Home', end: true },
  { to: '/marketplace', label: 'Marketplace' },
  { to: '/agents/guide', label: 'Guide' },
  { to: '/agents/specialist', label: 'Specialist' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/publish', label: 'Publish', roles: PUBLISHERS },
  { to: '/dashboard', label: 'Dashboard', roles: PUBLISHERS },
  { to: '/admin/knowledge', label: 'Knowledge', roles: ['admin'] },
  { to: '/admin/operations', label: 'Operations', roles: ['admin'] },
  { to: '/account', label: 'Account' },
];

/** The entries a user with this role sees. */
export function navFor(role: Role): NavItem[] {
  return mainNav.filter((item) => !item.roles || item.roles.includes(role));
}
