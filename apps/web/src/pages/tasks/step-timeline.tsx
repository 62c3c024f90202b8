import type { StepStatus } from '@capecontrol/schema';
import { Spinner } from '../../components/spinner';
import { formatDuration, formatTokens } from '../../tasks/task-format';
import type { TimelineStep } from '../../tasks/steps';
import { JsonBlock } from './task-output';

const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const KIND_LABELS: Record<TimelineStep['kind'], string> = {
  retrieve: 'Retrieve',
  classify: 'Classify',
  llm: 'Model',
  compose: 'Compose',
  tool: 'Tool',
  agent_call: 'Agent call',
};

/** The task's steps in order, with timings, tokens, errors and (on demand) input and output. */
export function StepTimeline({ steps, nowMs }: { steps: TimelineStep[]; nowMs: number }) {
  return (
    <ol className="timeline">
      {steps.map((step) => {
        const running = step.status === 'running' && !step.abandoned;
        const elapsed =
          step.durationMs ??
          (running && step.startedAt ? Math.max(0, nowMs - Date.parse(step.startedAt)) : null);
        const tokens = step.promptTokens + step.completionTokens;
        const hasData = step.input !== null || step.output !== null;
        return (
          <li
            key={step.seq}
            className={`timeline__step timeline__step--${step.status}${step.abandoned ? ' timeline__step--abandoned' : ''}`}
          >
            <span className="timeline__marker" aria-hidden="true">
              {running ? <Spinner size={14} /> : step.seq}
            </span>
            <div className="timeline__body">
              <div className="timeline__head">
                <h3 className="timeline__name">
                  <span className="visually-hidden">Step {step.seq}: </span>
                  {step.name}
                </h3>
                <span className="chip">{KIND_LABELS[step.kind]}</span>
                <span className={`badge badge--status badge--step-${step.status}`}>
                  <span className="visually-hidden">Status: </span>
                  {STEP_STATUS_LABELS[step.status]}
                </span>
                {step.abandoned && (
                  <span className="badge badge--status badge--abandoned">Superseded</span>
                )}
              </div>
              <dl className="timeline__meta">
                <div>
                  <dt>Step</dt>
                  <dd>#{step.seq}</dd>
                </div>
                {step.attempt !== null && (
                  <div>
                    <dt>Attempt</dt>
                    <dd>{step.attempt}</dd>
                  </div>
                )}
                <div>
                  <dt>Duration</dt>
                  <dd>{elapsed === null ? '—' : formatDuration(elapsed)}</dd>
                </div>
                <div>
                  <dt>Tokens</dt>
                  <dd>{formatTokens(tokens)}</dd>
                </div>
              </dl>
              {step.error && (
                <p className="timeline__error">
                  <span className="visually-hidden">Error: </span>
                  {step.error}
                </p>
              )}
              {hasData && (
                <details className="timeline__details">
                  <summary>
                    Input and output<span className="visually-hidden"> of {step.name}</span>
                  </summary>
                  <div className="timeline__data">
                    <p className="timeline__data-label">Input</p>
                    {step.input === null ? (
                      <p className="muted">None</p>
                    ) : (
                      <JsonBlock value={step.input} />
                    )}
                    <p className="timeline__data-label">Output</p>
                    {step.output === null ? (
                      <p className="muted">None</p>
                    ) : (
                      <JsonBlock value={step.output} />
                    )}
                  </div>
                </details>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
