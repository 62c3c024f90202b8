import { isRouteErrorResponse, useRouteError } from 'react-router';
import { Button } from '../components/button';
import { PageTitle } from '../components/page-title';

/** Shown when a page crashes: say so plainly and offer a reload, never a stack trace. */
export function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : null;
  return (
    <div className="container page page--narrow notice-page" role="alert">
      <PageTitle title="Something went wrong" />
      <h1 tabIndex={-1}>Something went wrong</h1>
      <p className="page-header__lede">
        This page hit an unexpected problem{detail ? ` (${detail})` : ''}. Reloading usually fixes
        it; your data is safe.
      </p>
      <Button onClick={() => window.location.reload()}>Reload the page</Button>
    </div>
  );
}
