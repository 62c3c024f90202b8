import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../components/alert';
import { Button, buttonClass } from '../../components/button';
import { Dialog, DialogActions, DialogBody } from '../../components/dialog';
import { PlayIcon } from '../../components/icons';
import { LoadingState } from '../../components/spinner';
import { ErrorState } from '../../components/states';
import { errorMessage } from '../../api/errors';
import { runPath } from '../../marketplace/format';
import { visibleChanges } from '../../marketplace/install-plan';
import type { AgentDetail } from '../../marketplace/marketplace-types';
import { ConfigFields } from './config-fields';
import { ApplyProgress, Stepper, VersionOptions } from './install-parts';
import { PlanView } from './plan-view';
import { useInstallFlow, type InstallMode } from './use-install-flow';

export type { InstallMode };

/**
 * Installing (or updating) an agent in three steps: the plan first — versions, dependencies,
 * new permissions to consent to, advisories — then the agent's settings, then the install
 * itself, which verifies every package and applies everything at once or nothing.
 */
export function InstallDialog({
  agent,
  mode,
  open,
  onClose,
}: {
  agent: AgentDetail;
  mode: InstallMode;
  open: boolean;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      open={open}
      title={`${mode === 'install' ? 'Install' : 'Update'} ${agent.displayName}`}
      busy={busy}
      wide
      onClose={onClose}
    >
      <InstallFlow agent={agent} mode={mode} onBusy={setBusy} onClose={onClose} />
    </Dialog>
  );
}

function InstallFlow({
  agent,
  mode,
  onBusy,
  onClose,
}: {
  agent: AgentDetail;
  mode: InstallMode;
  onBusy: (busy: boolean) => void;
  onClose: () => void;
}) {
  const id = useId();
  const name = agent.name;
  const flow = useInstallFlow(agent, mode, id);
  const stageHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => onBusy(flow.working), [flow.working, onBusy]);
  // Each step starts at its heading, for screen readers and the keyboard alike.
  useEffect(() => stageHeading.current?.focus(), [flow.stage]);

  return (
    <>
      <DialogBody>
        <Stepper steps={flow.steps} current={flow.stepIndex} finished={flow.stage === 'done'} />

        {flow.flowError && flow.stage !== 'working' && (
          <Alert tone="error" title={`${flow.verb} failed; nothing was changed`}>
            {flow.flowError}
          </Alert>
        )}

        {flow.stage === 'plan' && (
          <section
            id={`${id}-plan`}
            aria-labelledby={`${id}-plan-heading`}
            className="install-step"
          >
            <h3
              id={`${id}-plan-heading`}
              ref={stageHeading}
              tabIndex={-1}
              className="install-step__title"
            >
              What will happen
            </h3>
            <VersionOptions
              agent={agent}
              mode={mode}
              version={flow.version}
              onVersion={flow.setVersion}
              pin={flow.pin}
              onPin={flow.setPin}
              pinnedVersion={flow.pinnedVersion}
            />
            {flow.plan.isPending || (flow.plan.isFetching && !flow.plan.data) ? (
              <LoadingState label="Working out the plan…" />
            ) : flow.plan.isError ? (
              <ErrorState
                title="Couldn't work out a plan"
                message={errorMessage(flow.plan.error)}
                onRetry={() => void flow.plan.refetch()}
                retrying={flow.plan.isFetching}
              />
            ) : (
              <div aria-busy={flow.plan.isFetching}>
                <PlanView
                  plan={flow.plan.data}
                  requested={name}
                  consent={flow.consent}
                  onConsent={(accepted) => {
                    flow.setConsent(accepted);
                    if (accepted) flow.setConsentError(undefined);
                  }}
                  consentError={flow.consentError}
                />
              </div>
            )}
          </section>
        )}

        {flow.stage === 'settings' && flow.values && (
          <section
            id={`${id}-settings`}
            aria-labelledby={`${id}-settings-heading`}
            className="install-step"
          >
            <h3
              id={`${id}-settings-heading`}
              ref={stageHeading}
              tabIndex={-1}
              className="install-step__title"
            >
              Settings
            </h3>
            {flow.mustFill ? (
              <p className="muted">
                {agent.displayName} {flow.target} uses these settings. You can change them later by
                updating.
              </p>
            ) : (
              <div className="check">
                <input
                  id={`${id}-change-settings`}
                  type="checkbox"
                  checked={flow.changeSettings}
                  onChange={(event) => flow.setChangeSettings(event.currentTarget.checked)}
                />
                <label htmlFor={`${id}-change-settings`} className="check__label">
                  Change the settings
                </label>
                <p className="check__description">Otherwise they stay as they are.</p>
              </div>
            )}
            {flow.sendSettings && (
              <ConfigFields
                fields={flow.fields}
                values={flow.values.values}
                errors={flow.errors}
                secretsSet={flow.installation?.secretsSet ?? []}
                onChange={flow.setValue}
              />
            )}
          </section>
        )}

        {(flow.stage === 'working' || flow.stage === 'done') && flow.plan.data && (
          <section aria-labelledby={`${id}-apply-heading`} className="install-step">
            <h3
              id={`${id}-apply-heading`}
              ref={stageHeading}
              tabIndex={-1}
              className="install-step__title"
            >
              {flow.stage === 'working'
                ? `${flow.verb === 'Install' ? 'Installing' : 'Updating'}…`
                : mode === 'install'
                  ? 'Installed'
                  : 'Updated'}
            </h3>
            <p className="muted" role="status">
              {flow.stage === 'working'
                ? 'Checking every package’s signature and digest, then applying all changes in one step: if anything fails, nothing changes.'
                : `${agent.displayName} is ready to run.`}
            </p>
            <ApplyProgress
              changes={visibleChanges(flow.result ?? flow.plan.data, name).changes}
              done={flow.stage === 'done'}
            />
          </section>
        )}
      </DialogBody>
      <DialogActions>
        {flow.stage === 'plan' && (
          <>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button
              onClick={flow.continueFromPlan}
              disabled={!flow.planReady || flow.plan.isFetching || flow.nothingToDo}
            >
              {flow.hasSettings ? 'Continue' : `${flow.verb}`}
            </Button>
          </>
        )}
        {flow.stage === 'settings' && (
          <>
            <Button variant="secondary" onClick={() => flow.setStage('plan')}>
              Back
            </Button>
            <Button onClick={flow.continueFromSettings}>{flow.verb}</Button>
          </>
        )}
        {flow.stage === 'working' && (
          <Button pending pendingLabel={mode === 'install' ? 'Installing…' : 'Updating…'}>
            {flow.verb}
          </Button>
        )}
        {flow.stage === 'done' && (
          <>
            <Button variant="secondary" onClick={onClose}>
              Close
            </Button>
            <Link to={runPath(name)} className={buttonClass('primary')}>
              <PlayIcon />
              Run it now
            </Link>
          </>
        )}
      </DialogActions>
    </>
  );
}
