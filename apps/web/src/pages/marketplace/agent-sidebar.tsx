import { Link } from 'react-router';
import { RatingSummary } from '../../components/stars';
import { DateText } from '../../components/time';
import { formatInstalls } from '../../marketplace/format';
import type { AgentDetail } from '../../marketplace/marketplace-types';
import { DependencyList, PermissionList } from './agent-details';

/** The agent page's side column: the facts at a glance, permissions and dependencies. */
export function AgentSidebar({ agent }: { agent: AgentDetail }) {
  return (
    <aside className="agent-layout__side" aria-label="About this agent">
      <section className="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading" className="card__title">
          At a glance
        </h2>
        <dl className="facts">
          <div>
            <dt>Rating</dt>
            <dd>
              <RatingSummary rating={agent.rating} />
            </dd>
          </div>
          <div>
            <dt>Installs</dt>
            <dd>{formatInstalls(agent.installs)}</dd>
          </div>
          <div>
            <dt>Publisher</dt>
            <dd>
              {agent.publisher}
              {agent.verified && <span className="muted"> (verified)</span>}
            </dd>
          </div>
          <div>
            <dt>License</dt>
            <dd>{agent.license}</dd>
          </div>
          <div>
            <dt>Performance score</dt>
            <dd>{agent.performanceScore} / 100</dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              <DateText iso={agent.updatedAt} />
            </dd>
          </div>
          {agent.tags.length > 0 && (
            <div>
              <dt>Tags</dt>
              <dd>
                <ul className="tag-list">
                  {agent.tags.map((tag) => (
                    <li key={tag}>
                      <Link
                        to={`/marketplace?tags=${encodeURIComponent(tag)}`}
                        className="chip chip--link"
                      >
                        {tag}
                      </Link>
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="permissions-heading">
        <h2 id="permissions-heading" className="card__title">
          Permissions
        </h2>
        <PermissionList permissions={agent.permissions} />
      </section>
      <section className="card" aria-labelledby="dependencies-heading">
        <h2 id="dependencies-heading" className="card__title">
          Dependencies
        </h2>
        <DependencyList dependencies={agent.dependencies} />
      </section>
    </aside>
  );
}
