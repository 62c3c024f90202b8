import { Link } from 'react-router';
import { buttonClass } from '../../components/button';
import { PageTitle } from '../../components/page-title';

/** No agent by this name (or no such version). */
export function AgentNotFound({ name, message }: { name: string; message: string }) {
  return (
    <div className="container page page--narrow notice-page">
      <PageTitle title="Agent not found" />
      <p className="notice-page__code" aria-hidden="true">
        404
      </p>
      <h1 tabIndex={-1}>Agent not found</h1>
      <p className="page-header__lede">
        {message} Check the address, or search the marketplace for <code>{name}</code>.
      </p>
      <Link to={`/marketplace?q=${encodeURIComponent(name)}`} className={buttonClass('primary')}>
        Search the marketplace
      </Link>
    </div>
  );
}
