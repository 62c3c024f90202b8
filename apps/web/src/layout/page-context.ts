import type { GuideInput } from '@capecontrol/schema';
import { useEffect } from 'react';
import { useLocation } from 'react-router';

/** The agents' own chat pages say nothing about what the user is working on. */
const AGENT_PAGES = /^\/agents(\/|$)/;
const TITLE_SUFFIX = / · CapeControl$/;

type PageContext = NonNullable<GuideInput['pageContext']>;

let lastPage: PageContext | null = null;

/**
 * Remembers the last page the user was on outside the agent pages, for the Guide's
 * `pageContext`: asked "how do I cancel this?" after coming from a task page, it searches
 * with "tasks" in mind. (The Guide's own address would only steer it towards its own docs.)
 */
export function useRememberPageContext(): void {
  const location = useLocation();
  useEffect(() => {
    if (AGENT_PAGES.test(location.pathname)) return;
    // Read after the commit, when the page's <title> is in place.
    lastPage = { path: location.pathname, title: document.title.replace(TITLE_SUFFIX, '') };
  }, [location.pathname]);
}

/** Where the user was before opening an agent page, if anywhere. */
export function lastPageContext(): PageContext | null {
  return lastPage;
}
