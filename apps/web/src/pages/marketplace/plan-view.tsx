import { useId } from 'react';
import { Alert } from '../../components/alert';
import { describeHost, TOOL_DESCRIPTIONS } from '../../marketplace/format';
import {
  changeAction,
  count,
  needsConsent,
  planSummary,
  planWarnings,
  visibleChanges,
} from '../../marketplace/install-plan';
import type { InstallPlan } from '../../marketplace/marketplace-types';

/**
 * An install or update plan before anything is written: what gets installed or updated (in the
 * order it is applied, dependencies first), the permissions that need consent, advisories and
 * deprecations, or — when no versions fit together — why not, in words.
 */
export function PlanView({
  plan,
  requested,
  consent,
  onConsent,
  consentError,
}: {
  plan: InstallPlan;
  requested: string;
  consent: boolean;
  onConsent: (accepted: boolean) => void;
  consentError?: string | undefined;
}) {
  const id = useId();
  if (!plan.ok) {
    return (
      <Alert
        tone="error"
        title={
          plan.compatible
            ? 'These versions can’t be installed together'
            : `Needs another CapeControl version (this is ${plan.platformVersion})`
        }
      >
        <p className="plan__explanation">
          {plan.explanation ?? 'No combination of versions satisfies every requirement.'}
        </p>
      </Alert>
    );
  }
  const { changes, unchanged } = visibleChanges(plan, requested);
  const warnings = planWarnings(plan);
  return (
    <div className="plan">
      <p className="plan__summary">{planSummary(plan, requested)}</p>
      <ol className="plan__changes" aria-label="Changes, in the order they are applied">
        {changes.map((change) => (
          <li key={change.name} className={`plan-change plan-change--${change.kind}`}>
            <span className="plan-change__name">
              <code>{change.name}</code>
              <span className="plan-change__role">
                {change.name === requested ? 'Requested' : 'Dependency'}
              </span>
            </span>
            <span className="plan-change__action">{changeAction(change)}</span>
          </li>
        ))}
      </ol>
      {unchanged > 0 && (
        <p className="muted plan__note">
          {count(unchanged, 'other installed agent stays', 'other installed agents stay')} as{' '}
          {unchanged === 1 ? 'it is' : 'they are'}.
        </p>
      )}

      {warnings.length > 0 && (
        <Alert tone="warning" title="Deprecated or yanked">
          <ul className="plan__list">
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </Alert>
      )}

      {plan.advisories.length > 0 && (
        <Alert tone="warning" title="Security advisories">
          <ul className="plan__list">
            {plan.advisories.map((advisory, index) => (
              <li key={index}>
                <strong>
                  {advisory.name} {advisory.version}
                </strong>{' '}
                ({advisory.severity}): {advisory.summary}
              </li>
            ))}
          </ul>
        </Alert>
      )}

      {needsConsent(plan) ? (
        <fieldset
          className={`consent${consentError ? ' consent--invalid' : ''}`}
          aria-describedby={consentError ? `${id}-error` : undefined}
        >
          <legend className="consent__title">New permissions</legend>
          <p className="consent__text">
            {plan.changes.some((change) => change.kind === 'update')
              ? 'This update asks for more than you granted before:'
              : 'Once installed, these agents may:'}
          </p>
          <ul className="permission-list">
            {plan.newPermissions.network.map((host) => (
              <li key={`net-${host}`} className="permission">
                <span className="permission__kind">Network</span>
                <code>{host}</code>
                <span className="permission__note">Reach {describeHost(host)}</span>
              </li>
            ))}
            {plan.newPermissions.tools.map((tool) => (
              <li key={`tool-${tool}`} className="permission">
                <span className="permission__kind">Tool</span>
                <code>{tool}</code>
                {TOOL_DESCRIPTIONS[tool] && (
                  <span className="permission__note">{TOOL_DESCRIPTIONS[tool]}</span>
                )}
              </li>
            ))}
          </ul>
          <div className="check check--consent">
            <input
              id={`${id}-consent`}
              type="checkbox"
              checked={consent}
              aria-invalid={consentError ? true : undefined}
              onChange={(event) => onConsent(event.currentTarget.checked)}
            />
            <label htmlFor={`${id}-consent`} className="check__label">
              I allow these permissions
            </label>
          </div>
          {consentError && (
            <p id={`${id}-error`} className="field__error">
              {consentError}
            </p>
          )}
        </fieldset>
      ) : (
        <p className="muted plan__note">No new permissions are needed.</p>
      )}
    </div>
  );
}
