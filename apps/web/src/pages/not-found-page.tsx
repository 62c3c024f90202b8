import { Link } from 'react-router';
import { buttonClass } from '../components/button';
import { PageTitle } from '../components/page-title';

export function NotFoundPage() {
  return (
    <div className="container page page--narrow notice-page">
      <PageTitle title="Page not found" />
      <p className="notice-page__code" aria-hidden="true">
        404
      </p>
      <h1 tabIndex={-1}>Page not found</h1>
      <p className="page-header__lede">
        The page you asked for doesn&apos;t exist or has moved. Check the address, or head back
        home.
      </p>
      <Link to="/" className={buttonClass('primary')}>
        Go to home
      </Link>
    </div>
  );
}
