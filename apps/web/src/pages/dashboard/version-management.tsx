import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/button';
import { DateText } from '../../components/time';
import { agentPath } from '../../marketplace/format';
import type { AgentDetail } from '../../marketplace/marketplace-types';
import { VERDICT_LABELS } from '../../marketplace/report';
import { LifecycleDialog, type LifecycleAction } from './lifecycle-dialog';

/** Every version with its state, and the publisher's actions on it: deprecate, yank, undo. */
export function VersionManagement({ agent }: { agent: AgentDetail }) {
  const [action, setAction] = useState<LifecycleAction | null>(null);
  const allDeprecated = agent.versions.every((version) => version.deprecated !== null);
  return (
    <section className="card" aria-labelledby="manage-versions-heading">
      <div className="card__header">
        <h2 id="manage-versions-heading" className="card__title">
          Versions
        </h2>
        <Button
          variant="secondary"
          size="sm"
          onClick={() =>
            setAction({ kind: allDeprecated ? 'undeprecate' : 'deprecate', version: null })
          }
        >
          {allDeprecated ? 'Lift deprecation of every version' : 'Deprecate every version'}
        </Button>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Versions of this agent">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Published</th>
              <th scope="col">State</th>
              <th scope="col">Report</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agent.versions.map((version) => (
              <tr key={version.version}>
                <th scope="row">
                  <Link
                    to={`${agentPath(agent.name)}?version=${encodeURIComponent(version.version)}`}
                  >
                    {version.version}
                  </Link>
                </th>
                <td>
                  <DateText iso={version.publishedAt} />
                </td>
                <td>
                  <span className="badges">
                    {version.yanked && <span className="badge badge--yanked">Yanked</span>}
                    {version.deprecated !== null && (
                      <span className="badge badge--deprecated">Deprecated</span>
                    )}
                    {!version.compatible && (
                      <span className="badge badge--incompatible">Incompatible</span>
                    )}
                    {!version.yanked && version.deprecated === null && version.compatible && (
                      <span className="muted">Available</span>
                    )}
                  </span>
                  {version.yankReason && version.yanked && (
                    <p className="version-status__note">Yanked: {version.yankReason}</p>
                  )}
                  {version.deprecated && (
                    <p className="version-status__note">Deprecated: {version.deprecated}</p>
                  )}
                </td>
                <td>{VERDICT_LABELS[version.verdict]}</td>
                <td>
                  <div className="row-actions">
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() =>
                        setAction({
                          kind: version.deprecated !== null ? 'undeprecate' : 'deprecate',
                          version: version.version,
                        })
                      }
                    >
                      {version.deprecated !== null ? 'Lift deprecation' : 'Deprecate'}
                      <span className="visually-hidden"> {version.version}</span>
                    </Button>
                    <Button
                      variant={version.yanked ? 'secondary' : 'danger-outline'}
                      size="sm"
                      onClick={() =>
                        setAction({
                          kind: version.yanked ? 'unyank' : 'yank',
                          version: version.version,
                        })
                      }
                    >
                      {version.yanked ? 'Undo yank' : 'Yank'}
                      <span className="visually-hidden"> {version.version}</span>
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LifecycleDialog name={agent.name} action={action} onClose={() => setAction(null)} />
    </section>
  );
}
