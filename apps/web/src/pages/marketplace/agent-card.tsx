import { Link } from 'react-router';
import { RatingSummary } from '../../components/stars';
import { Skeleton } from '../../components/states';
import { agentPath, categoryLabel, formatInstalls } from '../../marketplace/format';
import type { AgentListing } from '../../marketplace/marketplace-types';
import { AgentBadges } from './agent-badges';

/** One agent in a list: name (the link), badges, description, category, rating, installs. */
export function AgentCard({
  agent,
  headingLevel = 3,
}: {
  agent: AgentListing;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const version = agent.installed?.version ?? agent.latestCompatibleVersion ?? agent.latestVersion;
  return (
    <article className="agent-card" aria-labelledby={`agent-${agent.id}`}>
      <div className="agent-card__head">
        <Heading id={`agent-${agent.id}`} className="agent-card__title">
          <Link to={agentPath(agent.name)} className="agent-card__link">
            {agent.displayName}
          </Link>
        </Heading>
        <p className="agent-card__name">
          <code>{agent.name}</code>
          <span className="agent-card__version">
            <span className="visually-hidden">, version </span>
            <span aria-hidden="true"> · </span>v{version}
          </span>
        </p>
      </div>
      <AgentBadges agent={agent} />
      <p className="agent-card__description">{agent.description}</p>
      <dl className="agent-card__meta">
        <div>
          <dt className="visually-hidden">Category</dt>
          <dd className="chip chip--category">{categoryLabel(agent.category)}</dd>
        </div>
        <div>
          <dt className="visually-hidden">Rating</dt>
          <dd>
            <RatingSummary rating={agent.rating} compact />
          </dd>
        </div>
        <div>
          <dt className="visually-hidden">Installs</dt>
          <dd>{formatInstalls(agent.installs, true)}</dd>
        </div>
      </dl>
    </article>
  );
}

export function AgentCardSkeleton() {
  return (
    <div className="agent-card agent-card--skeleton" aria-hidden="true">
      <Skeleton width="55%" height="1.15rem" />
      <Skeleton width="35%" />
      <Skeleton width="90%" />
      <Skeleton width="70%" />
    </div>
  );
}
