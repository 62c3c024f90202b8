import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { buttonClass } from '../components/button';
import { PageTitle } from '../components/page-title';

/** What someone without the role sees on a page for publishers or administrators. */
export function RoleRequiredPage({
  title,
  message,
  children,
}: {
  title: string;
  message: string;
  children?: ReactNode;
}) {
  return (
    <div className="container page page--narrow notice-page">
      <PageTitle title={title} />
      <p className="notice-page__code" aria-hidden="true">
        403
      </p>
      <h1 tabIndex={-1}>{title}</h1>
      <p className="page-header__lede">{message}</p>
      {children ?? (
        <Link to="/" className={buttonClass('primary')}>
          Go to home
        </Link>
      )}
    </div>
  );
}
