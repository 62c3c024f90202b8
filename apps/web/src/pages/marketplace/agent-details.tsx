import { Link } from 'react-router';
import { DateText } from '../../components/time';
import { agentPath, describeHost, shortDigest, TOOL_DESCRIPTIONS } from '../../marketplace/format';
import type { AgentDetail, AgentVersion } from '../../marketplace/marketplace-types';
import { VERDICT_LABELS } from '../../marketplace/report';

/** Every version, newest first: yanked, deprecated and incompatible ones labelled in words. */
export function VersionsTable({
  agent,
  shown,
  versionHref,
}: {
  agent: Pick<AgentDetail, 'versions' | 'latestCompatibleVersion' | 'installed'>;
  /** The version the page shows. */
  shown: string;
  versionHref: (version: string) => string;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="All versions">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
            <th scope="col">Status</th>
            <th scope="col">Report</th>
            <th scope="col" className="table__number">
              Score
            </th>
            <th scope="col">Digest</th>
          </tr>
        </thead>
        <tbody>
          {agent.versions.map((version) => (
            <tr key={version.version} aria-current={version.version === shown ? 'true' : undefined}>
              <th scope="row">
                {version.version === shown ? (
                  <span className="version-current">
                    {version.version}
                    <span className="visually-hidden"> (shown)</span>
                  </span>
                ) : (
                  <Link to={versionHref(version.version)}>
                    <span className="visually-hidden">Show version </span>
                    {version.version}
                  </Link>
                )}
              </th>
              <td>
                <DateText iso={version.publishedAt} />
              </td>
              <td>
                <VersionStatus
                  version={version}
                  latest={version.version === agent.latestCompatibleVersion}
                  installed={version.version === agent.installed?.version}
                />
              </td>
              <td>{VERDICT_LABELS[version.verdict]}</td>
              <td className="table__number">{version.performanceScore}</td>
              <td>
                <code title={version.digest}>{shortDigest(version.digest)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VersionStatus({
  version,
  latest,
  installed,
}: {
  version: AgentVersion;
  latest: boolean;
  installed: boolean;
}) {
  const labels = [
    latest && (
      <span key="latest" className="badge badge--verified">
        Latest
      </span>
    ),
    installed && (
      <span key="installed" className="badge badge--installed">
        Installed
      </span>
    ),
    version.yanked && (
      <span key="yanked" className="badge badge--yanked" title={version.yankReason ?? undefined}>
        Yanked
      </span>
    ),
    version.deprecated !== null && (
      <span key="deprecated" className="badge badge--deprecated">
        Deprecated
      </span>
    ),
    !version.compatible && (
      <span
        key="incompatible"
        className="badge badge--incompatible"
        title={`Needs CapeControl ${version.enginesRange}`}
      >
        Incompatible
      </span>
    ),
  ].filter(Boolean);
  const notes = [
    version.yanked && `Yanked${version.yankReason ? `: ${version.yankReason}` : ''}`,
    version.deprecated !== null &&
      `Deprecated${version.deprecated ? `: ${version.deprecated}` : ''}`,
    !version.compatible && `Needs CapeControl ${version.enginesRange}`,
  ].filter((note): note is string => typeof note === 'string');
  return (
    <div className="version-status">
      {labels.length === 0 ? (
        <span className="muted">Available</span>
      ) : (
        <span className="badges">{labels}</span>
      )}
      {notes.map((note) => (
        <p key={note} className="version-status__note">
          {note}
        </p>
      ))}
    </div>
  );
}

/** Network hosts and tools the agent may use once installed. */
export function PermissionList({ permissions }: { permissions: AgentDetail['permissions'] }) {
  if (permissions.network.length === 0 && permissions.tools.length === 0) {
    return <p className="muted">None: it can’t reach the network or use tools.</p>;
  }
  return (
    <ul className="permission-list">
      {permissions.network.map((host) => (
        <li key={`net-${host}`} className="permission">
          <span className="permission__kind">Network</span>
          <code>{host}</code>
          {describeHost(host) !== host && (
            <span className="permission__note">{describeHost(host)}</span>
          )}
        </li>
      ))}
      {permissions.tools.map((tool) => (
        <li key={`tool-${tool}`} className="permission">
          <span className="permission__kind">Tool</span>
          <code>{tool}</code>
          {TOOL_DESCRIPTIONS[tool] && (
            <span className="permission__note">{TOOL_DESCRIPTIONS[tool]}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The agents this one calls, each with the versions it accepts. */
export function DependencyList({ dependencies }: { dependencies: AgentDetail['dependencies'] }) {
  const entries = Object.entries(dependencies);
  if (entries.length === 0) return <p className="muted">None: it runs on its own.</p>;
  return (
    <ul className="dependency-list">
      {entries.map(([name, range]) => (
        <li key={name} className="dependency">
          <Link to={agentPath(name)}>{name}</Link>
          <code className="dependency__range" title="Accepted versions">
            {range}
          </code>
        </li>
      ))}
    </ul>
  );
}
