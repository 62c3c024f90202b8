import { Link, NavLink } from 'react-router';
import { errorMessage } from '../api/errors';
import { Avatar } from '../components/avatar';
import { Button, buttonClass } from '../components/button';
import { LogoMark } from '../components/logo';
import { useToast } from '../components/toast';
import { useSession, useSignOut } from '../session/use-session';
import { navFor } from './nav-items';

export function SiteHeader() {
  const { data: session } = useSession();
  const signedIn = session?.status === 'signed-in' ? session : null;
  const nav = signedIn ? navFor(signedIn.user.role) : [];
  // A long menu (publishers, admins) gets a row of its own rather than crowding the header.
  const long = nav.length > 6;

  return (
    <header className={`site-header${long ? ' site-header--long-nav' : ''}`}>
      <div className="site-header__inner container">
        <Link to="/" className="brand">
          <LogoMark />
          <span className="brand__name">CapeControl</span>
        </Link>
        {signedIn ? (
          <>
            <nav className="main-nav" aria-label="Main">
              <ul>
                {nav.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end} className="main-nav__link">
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="site-header__actions">
              <span className="user-chip">
                <Avatar name={signedIn.user.displayName} />
                <span className="user-chip__name">{signedIn.user.displayName}</span>
              </span>
              <SignOutButton />
            </div>
          </>
        ) : session ? (
          <div className="site-header__actions">
            <NavLink to="/sign-in" className={buttonClass('ghost', 'sm')}>
              Sign in
            </NavLink>
            <NavLink to="/sign-up" className={buttonClass('primary', 'sm')}>
              Sign up
            </NavLink>
          </div>
        ) : null}
      </div>
    </header>
  );
}

function SignOutButton() {
  const signOut = useSignOut();
  const toast = useToast();
  return (
    <Button
      variant="ghost"
      size="sm"
      pending={signOut.isPending}
      pendingLabel="Signing out…"
      onClick={() =>
        signOut.mutate(undefined, {
          onError: (error) => toast.error(`You are still signed in. ${errorMessage(error)}`),
        })
      }
    >
      Sign out
    </Button>
  );
}
