import {
  specialistOutputSchema,
  type SpecialistCapabilities,
  type SpecialistOutput,
} from '@capecontrol/schema';
import { useMemo } from 'react';
import { ExternalLinkIcon } from '../../components/icons';
import type { TaskView } from '../../tasks/task-view';
import { PlaybookChecklist } from './playbook-checklist';

/** The Specialist's structured output, once the run has succeeded with a valid one. */
export function specialistOutputOf(output: unknown): SpecialistOutput | null {
  const parsed = specialistOutputSchema.safeParse(output);
  return parsed.success ? parsed.data : null;
}

const SEVERITY_LABELS = { high: 'High', medium: 'Medium', low: 'Low' } as const;
const RESOURCE_KINDS = {
  doc: 'Docs',
  guide: 'Guide',
  reference: 'Reference',
  tool: 'Tool',
} as const;

/**
 * Playbook, insights, risks and resources. The playbook and insights stream in; risks and
 * resources come with the final output.
 */
export function SpecialistResult({
  scope,
  view,
  capabilities,
}: {
  scope: string;
  view: Pick<TaskView, 'playbook' | 'insights' | 'terminal'>;
  capabilities: SpecialistCapabilities | undefined;
}) {
  const output = useMemo(
    () => (view.terminal?.status === 'succeeded' ? specialistOutputOf(view.terminal.output) : null),
    [view.terminal],
  );
  return (
    <SpecialistDetails
      scope={scope}
      playbook={view.playbook}
      insights={view.insights}
      output={output}
      capabilities={capabilities}
    />
  );
}

export function SpecialistDetails({
  scope,
  playbook,
  insights,
  output,
  capabilities,
}: {
  scope: string;
  playbook: SpecialistOutput['playbook'];
  insights: readonly string[];
  output: SpecialistOutput | null;
  capabilities: SpecialistCapabilities | undefined;
}) {
  const focusArea = output
    ? (capabilities?.domains
        .flatMap((domain) => domain.focusAreas)
        .find((area) => area.id === output.focusArea)?.title ?? output.focusArea)
    : null;
  return (
    <div className="specialist">
      {focusArea && (
        <p className="specialist__focus">
          Focus: <strong>{focusArea}</strong>
        </p>
      )}
      {playbook.length > 0 && <PlaybookChecklist scope={scope} steps={playbook} />}

      {insights.length > 0 && (
        <section className="answer-section" aria-labelledby={`${scope}-insights`}>
          <h3 id={`${scope}-insights`} className="answer-section__title">
            Insights
          </h3>
          <ul className="insights">
            {insights.map((text, index) => (
              <li key={index}>{text}</li>
            ))}
          </ul>
        </section>
      )}

      {output && output.risks.length > 0 && (
        <section className="answer-section" aria-labelledby={`${scope}-risks`}>
          <h3 id={`${scope}-risks`} className="answer-section__title">
            Risks
          </h3>
          <ul className="risks">
            {output.risks.map((risk) => (
              <li key={risk.title} className="risk">
                <div className="risk__head">
                  <span className={`badge badge--severity badge--severity-${risk.severity}`}>
                    <span className="visually-hidden">Severity: </span>
                    {SEVERITY_LABELS[risk.severity]}
                  </span>
                  <span className="risk__title">{risk.title}</span>
                </div>
                <p className="risk__mitigation">{risk.mitigation}</p>
              </li>
            ))}
          </ul>
        </section>
      )}

      {output && output.resources.length > 0 && (
        <section className="answer-section" aria-labelledby={`${scope}-resources`}>
          <h3 id={`${scope}-resources`} className="answer-section__title">
            Resources
          </h3>
          <ul className="resources">
            {output.resources.map((resource) => (
              <li key={resource.url} className="resource">
                <span className="chip">{RESOURCE_KINDS[resource.kind]}</span>
                {isWebLink(resource.url) ? (
                  <a href={resource.url} target="_blank" rel="noreferrer noopener">
                    {resource.title}
                    <ExternalLinkIcon size={14} />
                    <span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                ) : (
                  <span>{resource.title}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function isWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
