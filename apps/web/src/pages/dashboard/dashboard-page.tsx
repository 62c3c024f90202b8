import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { buttonClass } from '../../components/button';
import { UploadIcon } from '../../components/icons';
import { PageTitle } from '../../components/page-title';
import { RatingSummary } from '../../components/stars';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { agentPath, formatInstalls, scopeOf } from '../../marketplace/format';
import type { AgentListing } from '../../marketplace/marketplace-types';
import { useSignedInUser } from '../../session/use-session';
import { PeriodSelect, periodFrom } from '../analytics/analytics-parts';
import { AgentAnalyticsPanel } from './agent-analytics';
import { usePublisherAgents } from './use-publisher-agents';
import { ScopeBar } from './scope-bar';
import { VersionManagement } from './version-management';

/** A publisher's agents: their numbers over time, and their versions to deprecate or yank. */
export function DashboardPage() {
  const user = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const publisher = usePublisherAgents(user.id);
  const requested = params.get('agent');
  const period = periodFrom(params.get('days'));
  const selected = requested ?? publisher.agents[0]?.name ?? null;

  const setParam = (key: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: key === 'days', preventScrollReset: true },
    );

  return (
    <div className="container page dashboard">
      <PageTitle title="Publisher dashboard" />
      <header className="page-header page-header--with-actions">
        <div className="page-header__text">
          <p className="eyebrow">Publisher</p>
          <h1 tabIndex={-1}>Dashboard</h1>
          <p className="page-header__lede">
            How your agents are doing — installs, runs, success, time and ratings — and their
            versions, to deprecate or yank.
          </p>
        </div>
        <div className="page-header__actions">
          <Link to="/publish" className={buttonClass('primary')}>
            <UploadIcon />
            Publish a version
          </Link>
          <Link to="/analytics" className={buttonClass('ghost')}>
            Platform analytics
          </Link>
        </div>
      </header>

      <ScopeBar scopes={publisher.scopes} onAdd={publisher.add} onRemove={publisher.remove} />

      {publisher.scopes.length === 0 && !requested ? (
        <EmptyState icon={<UploadIcon size={22} />} title="No agents here yet">
          <p>Publish an agent and it shows up here. Published from the CLI? Add its scope above.</p>
          <div className="state__actions">
            <Link to="/publish" className={buttonClass('primary', 'sm')}>
              Publish an agent
            </Link>
          </div>
        </EmptyState>
      ) : publisher.error && publisher.agents.length === 0 ? (
        <ErrorState
          title="Couldn't load your agents"
          message={errorMessage(publisher.error)}
          onRetry={() => void publisher.refetch()}
        />
      ) : (
        <div className="dashboard-layout">
          <nav className="dashboard-agents" aria-label="Your agents">
            <h2 className="dashboard-agents__title">Your agents</h2>
            {publisher.isPending && publisher.agents.length === 0 ? (
              <div aria-hidden="true">
                <Skeleton width="80%" />
                <Skeleton width="60%" />
              </div>
            ) : publisher.agents.length === 0 ? (
              <p className="muted">Nothing is published under these scopes yet.</p>
            ) : (
              <ul className="dashboard-agents__list">
                {publisher.agents.map((agent) => (
                  <AgentLink
                    key={agent.id}
                    agent={agent}
                    current={agent.name === selected}
                    onSelect={() => setParam('agent', agent.name)}
                  />
                ))}
              </ul>
            )}
          </nav>
          <div className="dashboard-main">
            {selected ? (
              <SelectedAgent
                name={selected}
                period={period}
                onPeriod={(days) => setParam('days', days === 30 ? null : String(days))}
                onOwned={publisher.add}
              />
            ) : (
              <p className="muted">Choose an agent.</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function AgentLink({
  agent,
  current,
  onSelect,
}: {
  agent: AgentListing;
  current: boolean;
  onSelect: () => void;
}) {
  return (
    <li>
      <button
        type="button"
        className="dashboard-agent"
        aria-current={current ? 'true' : undefined}
        onClick={onSelect}
      >
        <span className="dashboard-agent__name">{agent.displayName}</span>
        <code className="dashboard-agent__id">
          {agent.name} · v{agent.latestVersion}
        </code>
        <span className="dashboard-agent__meta">
          {formatInstalls(agent.installs, true)} · <RatingSummary rating={agent.rating} compact />
        </span>
      </button>
    </li>
  );
}

function SelectedAgent({
  name,
  period,
  onPeriod,
  onOwned,
}: {
  name: string;
  period: ReturnType<typeof periodFrom>;
  onPeriod: (days: ReturnType<typeof periodFrom>) => void;
  /** Called with the scope of an agent the user manages, so the list of agents includes it. */
  onOwned: (scope: string) => void;
}) {
  const agent = trpc.marketplace.agents.get.useQuery({ name }, { retry: false });
  const owned = agent.data?.canManage === true;
  useEffect(() => {
    // Arriving from an agent's "Manage versions": its scope joins the list.
    if (owned) onOwned(scopeOf(name));
  }, [owned, name, onOwned]);
  if (agent.isPending) return <Skeleton width="60%" height="2rem" />;
  if (agent.isError)
    return (
      <ErrorState
        title={`Couldn't load ${name}`}
        message={errorMessage(agent.error)}
        onRetry={() => void agent.refetch()}
        retrying={agent.isFetching}
      />
    );
  if (!agent.data.canManage) {
    return (
      <Alert tone="warning" title={`You don’t manage ${name}`}>
        The “{scopeOf(name)}” scope belongs to another publisher. Remove it from your scopes above.
      </Alert>
    );
  }
  return (
    <>
      <div className="dashboard-main__header">
        <div>
          <h2 className="dashboard-main__title">{agent.data.displayName}</h2>
          <p className="muted">
            <Link to={agentPath(name)}>
              <code>{name}</code>
            </Link>{' '}
            · latest {agent.data.latestVersion}
          </p>
        </div>
        <PeriodSelect value={period} onChange={onPeriod} />
      </div>
      <section className="card" aria-labelledby="agent-analytics-heading">
        <h2 id="agent-analytics-heading" className="card__title">
          Analytics
        </h2>
        <AgentAnalyticsPanel name={name} period={period} />
      </section>
      <VersionManagement agent={agent.data} />
    </>
  );
}
