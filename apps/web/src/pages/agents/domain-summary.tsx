import type { Domain } from '@capecontrol/schema';
import { formatPercent } from '../../tasks/task-format';
import type { DomainView, TaskView } from '../../tasks/task-view';

/** Which domain the question belongs to, how sure the Specialist is, and the runner-up. */
export function DomainDetection({
  scope,
  view,
  chosen,
  titleOf,
}: {
  scope: string;
  view: Pick<TaskView, 'domain'>;
  chosen: boolean;
  titleOf: (domain: Domain) => string;
}) {
  if (!view.domain) return null;
  return <DomainSummary scope={scope} detection={view.domain} chosen={chosen} titleOf={titleOf} />;
}

export function DomainSummary({
  scope,
  detection,
  chosen,
  titleOf,
}: {
  scope: string;
  detection: DomainView;
  chosen: boolean;
  titleOf: (domain: Domain) => string;
}) {
  const labelId = `${scope}-confidence`;
  const percent = Math.round(detection.confidence * 100);
  const level =
    detection.confidence >= 0.7 ? 'high' : detection.confidence >= 0.4 ? 'medium' : 'low';
  return (
    <div className="domain">
      <div className="domain__main">
        <p className="domain__label">Domain</p>
        <p className="domain__title">{titleOf(detection.domain)}</p>
        {chosen && <p className="domain__note">You chose this domain.</p>}
      </div>
      {!chosen && (
        <div className="domain__confidence">
          <p id={labelId} className="domain__label">
            Confidence
          </p>
          <div className="meter-row">
            <div
              className={`meter meter--${level}`}
              role="meter"
              aria-labelledby={labelId}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-valuetext={formatPercent(detection.confidence)}
            >
              <span className="meter__fill" style={{ width: `${percent}%` }} />
            </div>
            <span className="meter__value">{formatPercent(detection.confidence)}</span>
          </div>
          {detection.runnerUp && (
            <p className="domain__runner-up">
              Runner-up: {titleOf(detection.runnerUp.domain)} (
              {formatPercent(detection.runnerUp.confidence)})
            </p>
          )}
        </div>
      )}
    </div>
  );
}
