import { useId } from 'react';
import type { ValidationReport } from '../../marketplace/marketplace-types';
import {
  describeFactor,
  findingCounts,
  formatImpact,
  groupBySeverity,
  scoreBand,
  SEVERITY_LABELS,
  VERDICT_LABELS,
} from '../../marketplace/report';
import { shortDigest } from '../../marketplace/format';

/**
 * The validation pipeline's report on a manifest: the verdict, schema errors, security and
 * quality findings grouped worst first, and the performance score with what moved it.
 */
export function ValidationReportView({
  report,
  headingLevel = 3,
}: {
  report: ValidationReport;
  headingLevel?: 2 | 3;
}) {
  const id = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const groups = groupBySeverity(report.findings);
  return (
    <div className="report">
      <div className={`report__verdict report__verdict--${report.verdict}`}>
        <Heading className="report__verdict-title">
          <span className="visually-hidden">Verdict: </span>
          {VERDICT_LABELS[report.verdict]}
        </Heading>
        <p className="report__verdict-text">
          {report.verdict === 'blocked'
            ? report.schemaErrors.length > 0
              ? 'Fix the errors below: a manifest with errors can’t be published.'
              : 'A critical finding blocks publishing. Fix it and validate again.'
            : report.verdict === 'warnings'
              ? 'Publishable. Read the warnings: people see them on the agent’s page.'
              : 'Publishable, with nothing to report.'}{' '}
          {findingCounts(report.findings)}.
        </p>
        {report.digest && (
          <p className="report__digest">
            Digest <code title={report.digest}>sha256:{shortDigest(report.digest)}…</code>
          </p>
        )}
      </div>

      {report.schemaErrors.length > 0 && (
        <section className="report__section" aria-labelledby={`${id}-errors`}>
          <Sub id={`${id}-errors`} className="report__title">
            Errors ({report.schemaErrors.length})
          </Sub>
          <ul className="issue-list">
            {report.schemaErrors.map((error, index) => (
              <li key={index} className="issue issue--critical">
                {error.path && <code className="issue__path">{error.path}</code>}
                <span className="issue__message">{error.message}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="report__section" aria-labelledby={`${id}-findings`}>
        <Sub id={`${id}-findings`} className="report__title">
          Findings
        </Sub>
        {groups.length === 0 ? (
          <p className="muted">
            No security or quality findings: no secrets, injection patterns, hidden characters,
            suspicious links or over-broad permissions were found.
          </p>
        ) : (
          groups.map((group) => (
            <div key={group.severity} className="finding-group">
              <p className="finding-group__title">
                <span className={`badge badge--severity badge--severity-${group.severity}`}>
                  {SEVERITY_LABELS[group.severity]}
                </span>{' '}
                {group.findings.length} {group.findings.length === 1 ? 'finding' : 'findings'}
              </p>
              <ul className="issue-list">
                {group.findings.map((finding, index) => (
                  <li key={`${finding.id}-${index}`} className={`issue issue--${group.severity}`}>
                    <span className="issue__message">{finding.message}</span>
                    <span className="issue__meta">
                      <code>{finding.id}</code>
                      {finding.path && (
                        <>
                          {' '}
                          at <code className="issue__path">{finding.path}</code>
                        </>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </section>

      <section className="report__section" aria-labelledby={`${id}-performance`}>
        <Sub id={`${id}-performance`} className="report__title">
          Performance score
        </Sub>
        <PerformanceScore performance={report.performance} />
      </section>
    </div>
  );
}

/** A 0–100 score as a meter, with the factors that moved it. */
export function PerformanceScore({
  performance,
}: {
  performance: ValidationReport['performance'];
}) {
  const id = useId();
  const band = scoreBand(performance.score);
  return (
    <div className="score">
      <div className="meter-row">
        <span
          className={`meter meter--score meter--${band}`}
          role="meter"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={performance.score}
          aria-labelledby={`${id}-label`}
          aria-valuetext={`${performance.score} out of 100`}
        >
          <span className="meter__fill" style={{ width: `${performance.score}%` }} />
        </span>
        <span className="meter__value" id={`${id}-label`}>
          <span className="visually-hidden">Performance score: </span>
          {performance.score}
          <span className="muted"> / 100</span>
        </span>
      </div>
      <p className="score__note">
        {performance.observed === null
          ? `Estimated from the manifest (${performance.static}/100); real runs adjust it as they come in.`
          : `Blends the manifest’s estimate (${performance.static}/100) with real runs (${performance.observed}/100).`}
      </p>
      {performance.factors.length > 0 && (
        <div className="table-scroll">
          <table className="table table--compact">
            <caption className="visually-hidden">What moved the performance score</caption>
            <thead>
              <tr>
                <th scope="col">Factor</th>
                <th scope="col">Measured</th>
                <th scope="col" className="table__number">
                  Points
                </th>
              </tr>
            </thead>
            <tbody>
              {performance.factors.map((factor) => {
                const described = describeFactor(factor.name, factor.value);
                return (
                  <tr key={factor.name}>
                    <th scope="row">{described.label}</th>
                    <td>{described.value}</td>
                    <td className={`table__number${factor.impact < -0.5 ? ' score__cost' : ''}`}>
                      {formatImpact(factor.impact)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
