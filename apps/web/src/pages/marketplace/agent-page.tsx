import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorCode, errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button, buttonClass } from '../../components/button';
import { PlayIcon } from '../../components/icons';
import { PageTitle } from '../../components/page-title';
import { RichText } from '../../components/rich-text';
import { ErrorState, Skeleton } from '../../components/states';
import { agentPath, categoryLabel, runPath } from '../../marketplace/format';
import type { AgentDetail } from '../../marketplace/marketplace-types';
import { AgentBadges } from './agent-badges';
import { AgentSidebar } from './agent-sidebar';
import { VersionsTable } from './agent-details';
import { InstallDialog, type InstallMode } from './install-dialog';
import { AgentNotFound } from './not-found';
import { ReviewsSection } from './reviews-section';
import { UninstallDialog } from './uninstall-dialog';
import { ValidationReportView } from './validation-report';

export function AgentPage() {
  const { publisher = '', agent: agentName = '' } = useParams();
  const [params] = useSearchParams();
  const name = `${publisher}/${agentName}`;
  const version = params.get('version') ?? undefined;
  const agent = trpc.marketplace.agents.get.useQuery(
    { name, ...(version ? { version } : {}) },
    {
      retry: false,
      placeholderData: (previous) => (previous?.name === name ? previous : undefined),
    },
  );

  if (agent.isPending) return <AgentSkeleton />;
  if (agent.isError) {
    const code = errorCode(agent.error);
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST')
      return <AgentNotFound name={name} message={errorMessage(agent.error)} />;
    return (
      <div className="container page">
        <PageTitle title={name} />
        <h1 tabIndex={-1}>{name}</h1>
        <ErrorState
          title="Couldn't load this agent"
          message={errorMessage(agent.error)}
          onRetry={() => void agent.refetch()}
          retrying={agent.isFetching}
        />
      </div>
    );
  }
  return <AgentView agent={agent.data} viewingOlder={version !== undefined} />;
}

function AgentView({ agent, viewingOlder }: { agent: AgentDetail; viewingOlder: boolean }) {
  const [dialog, setDialog] = useState<InstallMode | null>(null);
  const [uninstalling, setUninstalling] = useState(false);
  const shown = agent.versions.find((item) => item.version === agent.version);
  const installable = agent.latestCompatibleVersion !== null;

  return (
    <div className="container page agent-page">
      <PageTitle title={`${agent.displayName} · Marketplace`} />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/marketplace">Marketplace</Link>
        <span aria-hidden="true"> / </span>
        <Link to={`/marketplace?publisher=${encodeURIComponent(agent.publisher)}`}>
          {agent.publisher}
        </Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{agent.name.split('/')[1]}</span>
      </nav>

      <header className="agent-header">
        <div className="agent-header__main">
          <p className="eyebrow">{categoryLabel(agent.category)}</p>
          <h1 tabIndex={-1}>{agent.displayName}</h1>
          <p className="agent-header__name">
            <code>{agent.name}</code> · version {agent.version}
            {agent.kind === 'workflow' ? ' · workflow' : ' · prompt agent'}
          </p>
          <p className="page-header__lede">{agent.description}</p>
          <AgentBadges agent={agent} />
        </div>
        <div className="agent-header__actions">
          {agent.installed ? (
            <>
              <Link to={runPath(agent.name)} className={buttonClass('primary')}>
                <PlayIcon />
                Run
              </Link>
              <Button variant="secondary" onClick={() => setDialog('update')}>
                {agent.installed.updateAvailable ? 'Update' : 'Change version'}
              </Button>
              <Button variant="danger-outline" onClick={() => setUninstalling(true)}>
                Uninstall
              </Button>
              <p className="agent-header__installed">
                You have version {agent.installed.version}
                {agent.installed.updateAvailable && agent.latestCompatibleVersion
                  ? `; ${agent.latestCompatibleVersion} is available.`
                  : '.'}
              </p>
            </>
          ) : (
            <>
              <Button onClick={() => setDialog('install')} disabled={!installable}>
                Install
              </Button>
              {!installable && (
                <p className="agent-header__installed">
                  No version of this agent runs on this CapeControl.
                </p>
              )}
            </>
          )}
          {agent.canManage && (
            <Link
              to={`/dashboard?agent=${encodeURIComponent(agent.name)}`}
              className={buttonClass('ghost', 'sm')}
            >
              Manage versions
            </Link>
          )}
        </div>
      </header>

      {viewingOlder && agent.version !== agent.latestVersion && (
        <Alert tone="info" title={`You are looking at version ${agent.version}`}>
          <Link to={agentPath(agent.name)}>See the newest version</Link>.
        </Alert>
      )}
      {shown?.yanked && (
        <Alert tone="warning" title="This version was yanked">
          {shown.yankReason ?? 'Its publisher withdrew it.'} It can’t be newly installed; copies
          pinned to it keep working.
        </Alert>
      )}
      {agent.deprecated && (
        <Alert tone="warning" title="Deprecated">
          {agent.deprecated}
        </Alert>
      )}
      {agent.advisories.length > 0 && (
        <Alert tone="error" title="Security advisories">
          <ul className="plan__list">
            {agent.advisories.map((advisory) => (
              <li key={advisory.id}>
                <strong>{advisory.severity}</strong>, versions <code>{advisory.range}</code>:{' '}
                {advisory.summary}
              </li>
            ))}
          </ul>
        </Alert>
      )}

      <div className="agent-layout">
        <div className="agent-layout__main">
          <section className="card" aria-labelledby="readme-heading">
            <h2 id="readme-heading" className="card__title">
              Readme
            </h2>
            {agent.readme.trim() ? (
              <RichText text={agent.readme} headingLevel={3} />
            ) : (
              <p className="muted">The publisher wrote no readme for this version.</p>
            )}
          </section>

          <section className="card" aria-labelledby="report-heading">
            <h2 id="report-heading" className="card__title">
              Validation report
            </h2>
            <p className="card__lede">
              What the validation pipeline found when version {agent.version} was published.
            </p>
            <ValidationReportView report={agent.validationReport} />
          </section>

          <section className="card" aria-labelledby="versions-heading">
            <h2 id="versions-heading" className="card__title">
              Versions
            </h2>
            <VersionsTable
              agent={agent}
              shown={agent.version}
              versionHref={(version) =>
                `${agentPath(agent.name)}?version=${encodeURIComponent(version)}`
              }
            />
          </section>

          <ReviewsSection agent={agent} />
        </div>

        <AgentSidebar agent={agent} />
      </div>

      <InstallDialog
        agent={agent}
        mode={dialog ?? 'install'}
        open={dialog !== null}
        onClose={() => setDialog(null)}
      />
      <UninstallDialog agent={uninstalling ? agent : null} onClose={() => setUninstalling(false)} />
    </div>
  );
}

function AgentSkeleton() {
  return (
    <div className="container page" aria-busy="true">
      <PageTitle title="Marketplace" />
      <span className="visually-hidden" role="status">
        Loading the agent…
      </span>
      <div className="page-header" aria-hidden="true">
        <Skeleton width="8ch" />
        <Skeleton width="45%" height="2rem" />
        <Skeleton width="70%" />
      </div>
      <div className="card" aria-hidden="true">
        <Skeleton width="80%" />
        <Skeleton width="60%" />
      </div>
    </div>
  );
}
