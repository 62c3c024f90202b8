import { useId } from 'react';
import { SelectField } from '../../components/field';
import { CheckIcon } from '../../components/icons';
import { Spinner } from '../../components/spinner';
import { changeAction, doneAction } from '../../marketplace/install-plan';
import type { AgentDetail, PlanChange } from '../../marketplace/marketplace-types';

/** Where the install is: the steps, the current one marked for screen readers too. */
export function Stepper({
  steps,
  current,
  finished,
}: {
  steps: readonly string[];
  current: number;
  finished: boolean;
}) {
  return (
    <ol className="stepper" aria-label="Steps">
      {steps.map((step, index) => {
        const done = finished || index < current;
        return (
          <li
            key={step}
            className={`stepper__step${done ? ' stepper__step--done' : ''}`}
            aria-current={index === current && !finished ? 'step' : undefined}
          >
            <span className="stepper__marker" aria-hidden="true">
              {done ? <CheckIcon size={12} /> : index + 1}
            </span>
            <span className="stepper__label">{step}</span>
          </li>
        );
      })}
    </ol>
  );
}

/** Which version to install (newest that runs here by default), and whether to pin it. */
export function VersionOptions({
  agent,
  mode,
  version,
  onVersion,
  pin,
  onPin,
  pinnedVersion,
}: {
  agent: AgentDetail;
  mode: 'install' | 'update';
  version: string;
  onVersion: (version: string) => void;
  pin: boolean;
  onPin: (pin: boolean) => void;
  pinnedVersion: string;
}) {
  const id = useId();
  const installable = agent.versions.filter((item) => !item.yanked && item.compatible);
  return (
    <div className="install-options">
      <SelectField
        label="Version"
        value={version}
        onChange={(event) => onVersion(event.currentTarget.value)}
        hint={
          mode === 'update' && agent.installed ? `You have ${agent.installed.version}.` : undefined
        }
      >
        <option value="">
          Newest that runs here
          {agent.latestCompatibleVersion ? ` (${agent.latestCompatibleVersion})` : ''}
        </option>
        {installable.map((item) => (
          <option key={item.version} value={item.version}>
            {item.version}
            {item.deprecated !== null ? ' — deprecated' : ''}
            {item.version === agent.installed?.version ? ' — installed' : ''}
          </option>
        ))}
      </SelectField>
      <div className="check">
        <input
          id={`${id}-pin`}
          type="checkbox"
          checked={pin}
          onChange={(event) => onPin(event.currentTarget.checked)}
          aria-describedby={`${id}-pin-description`}
        />
        <label htmlFor={`${id}-pin`} className="check__label">
          Pin this version
        </label>
        <p id={`${id}-pin-description`} className="check__description">
          Updates leave it at {pinnedVersion || 'this version'} until you choose another.
        </p>
      </div>
    </div>
  );
}

/** Each change while it is applied (a spinner) and once done (a check). */
export function ApplyProgress({
  changes,
  done,
}: {
  changes: readonly PlanChange[];
  done: boolean;
}) {
  return (
    <ol className="progress-list">
      {changes.map((change) => (
        <li key={change.name} className={`progress-item${done ? ' progress-item--done' : ''}`}>
          <span className="progress-item__icon" aria-hidden="true">
            {done ? <CheckIcon size={14} /> : <Spinner size={14} />}
          </span>
          <code>{change.name}</code>
          <span className="progress-item__action">
            {done ? doneAction(change) : changeAction(change)}
          </span>
        </li>
      ))}
    </ol>
  );
}
