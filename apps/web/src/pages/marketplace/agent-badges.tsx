import type { AgentListing } from '../../marketplace/marketplace-types';

/**
 * What a listing says about the agent and the viewer's copy: installed (which version), an
 * update available, a verified publisher, deprecated, or no version this platform can run.
 * Words, never colour alone.
 */
export function AgentBadges({
  agent,
}: {
  agent: Pick<
    AgentListing,
    'installed' | 'verified' | 'deprecated' | 'latestCompatibleVersion' | 'displayName'
  >;
}) {
  const any =
    agent.installed !== null ||
    agent.verified ||
    agent.deprecated !== null ||
    agent.latestCompatibleVersion === null;
  if (!any) return null;
  return (
    <ul className="badges" aria-label={`About ${agent.displayName}`}>
      {agent.installed && (
        <li className="badge badge--installed">
          Installed<span className="visually-hidden"> (version {agent.installed.version})</span>
        </li>
      )}
      {agent.installed?.updateAvailable && (
        <li className="badge badge--update">Update available</li>
      )}
      {agent.verified && <li className="badge badge--verified">Verified publisher</li>}
      {agent.deprecated && <li className="badge badge--deprecated">Deprecated</li>}
      {agent.latestCompatibleVersion === null && (
        <li className="badge badge--incompatible">Can’t run on this platform</li>
      )}
    </ul>
  );
}
