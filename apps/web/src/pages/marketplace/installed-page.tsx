import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Button, buttonClass } from '../../components/button';
import { PackageIcon, PlayIcon } from '../../components/icons';
import { PageTitle } from '../../components/page-title';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { DateText } from '../../components/time';
import { useToast } from '../../components/toast';
import { agentPath, runPath } from '../../marketplace/format';
import type { Installation } from '../../marketplace/marketplace-types';
import { InstallDialog } from './install-dialog';
import { UninstallDialog } from './uninstall-dialog';

/** The agents the user installed (and the dependencies that came with them), with actions. */
export function InstalledPage() {
  const installations = trpc.marketplace.installations.list.useQuery();
  const [updating, setUpdating] = useState<string | null>(null);
  const [uninstalling, setUninstalling] = useState<Installation | null>(null);
  const closeUpdate = useCallback(() => setUpdating(null), []);
  const items = installations.data ?? [];
  const requested = items.filter((item) => item.requested);
  const dependencies = items.filter((item) => !item.requested);

  return (
    <div className="container page">
      <PageTitle title="Installed agents" />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/marketplace">Marketplace</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">Installed</span>
      </nav>
      <header className="page-header">
        <p className="eyebrow">Marketplace</p>
        <h1 tabIndex={-1}>Installed agents</h1>
        <p className="page-header__lede">
          The agents you installed, at the exact versions locked at install time. Run, update or
          remove them here.
        </p>
      </header>

      <section aria-labelledby="installed-heading" aria-busy={installations.isPending}>
        <h2 id="installed-heading" className="visually-hidden">
          Your agents
        </h2>
        {installations.isPending ? (
          <div className="installed-list">
            <span className="visually-hidden" role="status">
              Loading your agents…
            </span>
            {[0, 1].map((row) => (
              <div key={row} className="installed installed--skeleton" aria-hidden="true">
                <Skeleton width="40%" height="1.1rem" />
                <Skeleton width="70%" />
              </div>
            ))}
          </div>
        ) : installations.isError ? (
          <ErrorState
            title="Couldn't load your agents"
            message={errorMessage(installations.error)}
            onRetry={() => void installations.refetch()}
            retrying={installations.isFetching}
          />
        ) : requested.length === 0 ? (
          <EmptyState icon={<PackageIcon size={22} />} title="No agents installed yet">
            <p>Find one in the marketplace; it installs with everything it depends on.</p>
            <div className="state__actions">
              <Link to="/marketplace" className={buttonClass('primary', 'sm')}>
                Browse the marketplace
              </Link>
            </div>
          </EmptyState>
        ) : (
          <ul className="installed-list">
            {requested.map((item) => (
              <InstalledItem
                key={item.name}
                item={item}
                onUpdate={() => setUpdating(item.name)}
                onUninstall={() => setUninstalling(item)}
              />
            ))}
          </ul>
        )}
      </section>

      {dependencies.length > 0 && (
        <section className="section" aria-labelledby="dependencies-heading">
          <div className="section__header">
            <h2 id="dependencies-heading">Installed as dependencies</h2>
            <p className="section__lede">
              Agents your agents call. They go away on their own when nothing needs them.
            </p>
          </div>
          <ul className="installed-list">
            {dependencies.map((item) => (
              <InstalledItem key={item.name} item={item} />
            ))}
          </ul>
        </section>
      )}

      {updating && <UpdateFromList name={updating} onClose={closeUpdate} />}
      <UninstallDialog agent={uninstalling} onClose={() => setUninstalling(null)} />
    </div>
  );
}

function InstalledItem({
  item,
  onUpdate,
  onUninstall,
}: {
  item: Installation;
  onUpdate?: () => void;
  onUninstall?: () => void;
}) {
  const settings = Object.keys(item.config).length + item.secretsSet.length;
  return (
    <li className="installed">
      <div className="installed__head">
        <h3 className="installed__title">
          <Link to={agentPath(item.name)}>{item.displayName}</Link>
        </h3>
        <ul className="badges" aria-label={`Status of ${item.displayName}`}>
          <li className="badge badge--installed">Version {item.version}</li>
          {item.pinned && <li className="badge">Pinned</li>}
          {item.updateAvailable && (
            <li className="badge badge--update">
              Update available
              {item.latestCompatibleVersion ? `: ${item.latestCompatibleVersion}` : ''}
            </li>
          )}
          {item.deprecated && <li className="badge badge--deprecated">Deprecated</li>}
          {item.yanked && <li className="badge badge--yanked">Yanked</li>}
          {item.advisories.length > 0 && (
            <li className="badge badge--advisory">
              {item.advisories.length} {item.advisories.length === 1 ? 'advisory' : 'advisories'}
            </li>
          )}
        </ul>
      </div>
      <p className="installed__name">
        <code>{item.name}</code>
      </p>
      {(item.deprecated || item.yanked || item.advisories.length > 0) && (
        <ul className="installed__notes">
          {item.deprecated && <li>Deprecated: {item.deprecated}</li>}
          {item.yanked && (
            <li>
              This version was yanked by its publisher; your pinned copy keeps working, but it can’t
              be installed again.
            </li>
          )}
          {item.advisories.map((advisory, index) => (
            <li key={index}>
              Advisory ({advisory.severity}): {advisory.summary}
            </li>
          ))}
        </ul>
      )}
      <dl className="installed__meta">
        <div>
          <dt>Installed</dt>
          <dd>
            <DateText iso={item.installedAt} />
          </dd>
        </div>
        <div>
          <dt>Settings</dt>
          <dd>
            {settings === 0
              ? 'None'
              : `${settings} set${item.secretsSet.length > 0 ? ` (${item.secretsSet.length} secret)` : ''}`}
          </dd>
        </div>
        {Object.keys(item.dependencies).length > 0 && (
          <div>
            <dt>Depends on</dt>
            <dd>{Object.keys(item.dependencies).join(', ')}</dd>
          </div>
        )}
      </dl>
      {onUpdate && onUninstall && (
        <div className="installed__actions">
          <Link to={runPath(item.name)} className={buttonClass('primary', 'sm')}>
            <PlayIcon />
            Run<span className="visually-hidden"> {item.displayName}</span>
          </Link>
          <Button variant="secondary" size="sm" onClick={onUpdate}>
            {item.updateAvailable ? 'Update' : 'Change version'}
            <span className="visually-hidden"> {item.displayName}</span>
          </Button>
          <Button variant="danger-outline" size="sm" onClick={onUninstall}>
            Uninstall<span className="visually-hidden"> {item.displayName}</span>
          </Button>
        </div>
      )}
    </li>
  );
}

/** The update dialog needs the agent's versions: fetch them, then open it. */
function UpdateFromList({ name, onClose }: { name: string; onClose: () => void }) {
  const agent = trpc.marketplace.agents.get.useQuery({ name });
  const toast = useToast();
  const failed = agent.isError;
  useEffect(() => {
    if (!failed) return;
    toast.error(`Couldn't open the update for ${name}. ${errorMessage(agent.error)}`);
    onClose();
  }, [failed, name, agent.error, toast, onClose]);
  if (!agent.data) return null;
  return <InstallDialog agent={agent.data} mode="update" open onClose={onClose} />;
}
