import { useEffect, useRef } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router';
import { ToastProvider } from '../components/toast';
import { SessionKeeper } from '../session/session-keeper';
import { useRememberPageContext } from './page-context';
import { SiteHeader } from './site-header';

/** Header, main landmark and footer around every page, plus app-wide helpers. */
export function AppLayout() {
  useFocusOnNavigation();
  useRememberPageContext();
  return (
    <ToastProvider>
      <a
        href="#main"
        className="skip-link"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to main content
      </a>
      <div className="app-shell">
        <SiteHeader />
        <main id="main" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
        <footer className="site-footer">
          <div className="container site-footer__inner">
            <span>CapeControl — the self-hostable AI agent platform.</span>
            <span>Open source under the Apache-2.0 licence.</span>
          </div>
        </footer>
      </div>
      <SessionKeeper />
      <ScrollRestoration />
    </ToastProvider>
  );
}

/**
 * After a client-side navigation, move focus to the new page's heading (or the `#hash` target),
 * as a full page load would put screen-reader and keyboard users at the top of the new page.
 */
function useFocusOnNavigation() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const target = location.hash
      ? document.getElementById(decodeURIComponent(location.hash.slice(1)))
      : null;
    const heading = document.querySelector<HTMLElement>('#main h1');
    (target ?? heading ?? document.getElementById('main'))?.focus();
  }, [location.pathname, location.hash]);
}
