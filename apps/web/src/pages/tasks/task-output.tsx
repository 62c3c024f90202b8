import {
  GUIDE_AGENT_ID,
  guideOutputSchema,
  SPECIALIST_AGENT_ID,
  type Domain,
  type SpecialistCapabilities,
} from '@capecontrol/schema';
import { RichText } from '../../components/rich-text';
import { installedOutputOf } from '../../marketplace/installed-output';
import { DOMAIN_TITLES } from '../../tasks/task-format';
import { partialOutputText, type TaskView } from '../../tasks/task-view';
import { citationLinks, SourceList } from '../agents/answer-parts';
import { DomainSummary } from '../agents/domain-summary';
import { SpecialistDetails, specialistOutputOf } from '../agents/specialist-result';

const SCOPE = 'task-output';

/**
 * What the task produced: while it runs, the live view of its stream; once finished, its
 * stored output — the Guide's and the Specialist's rendered as on their pages, anything else
 * as JSON.
 */
export function TaskOutput({
  agent,
  output,
  view,
  live,
  capabilities,
}: {
  agent: string;
  output: unknown;
  view: TaskView;
  /** Still running: show the stream's view. */
  live: boolean;
  capabilities: SpecialistCapabilities | undefined;
}) {
  const titleOf = (domain: Domain) =>
    capabilities?.domains.find((item) => item.domain === domain)?.title ?? DOMAIN_TITLES[domain];

  if (live) {
    return (
      <>
        {agent === SPECIALIST_AGENT_ID && view.domain && (
          <DomainSummary scope={SCOPE} detection={view.domain} chosen={false} titleOf={titleOf} />
        )}
        {view.answer ? (
          <RichText text={view.answer} citation={citationLinks(SCOPE, view.citations)} />
        ) : (
          <p className="muted">No output yet.</p>
        )}
        {agent === GUIDE_AGENT_ID && <SourceList scope={SCOPE} citations={view.citations} />}
        {agent === SPECIALIST_AGENT_ID && (
          <SpecialistDetails
            scope={SCOPE}
            playbook={view.playbook}
            insights={view.insights}
            output={null}
            capabilities={capabilities}
          />
        )}
      </>
    );
  }

  if (output === null || output === undefined) return <p className="muted">No output.</p>;

  if (agent === GUIDE_AGENT_ID) {
    const guide = guideOutputSchema.safeParse(output);
    if (guide.success) {
      return (
        <>
          <RichText
            text={guide.data.answer}
            citation={citationLinks(SCOPE, guide.data.citations)}
          />
          <SourceList scope={SCOPE} citations={guide.data.citations} />
          {guide.data.suggestions.length > 0 && (
            <section className="answer-section" aria-labelledby={`${SCOPE}-suggestions`}>
              <h3 id={`${SCOPE}-suggestions`} className="answer-section__title">
                Suggested follow-ups
              </h3>
              <ul className="insights">
                {guide.data.suggestions.map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            </section>
          )}
        </>
      );
    }
  }

  if (agent === SPECIALIST_AGENT_ID) {
    const specialist = specialistOutputOf(output);
    if (specialist) {
      const { detection } = specialist;
      return (
        <>
          <DomainSummary
            scope={SCOPE}
            detection={detection}
            chosen={detection.chosen}
            titleOf={titleOf}
          />
          <RichText text={specialist.answer} />
          <SpecialistDetails
            scope={SCOPE}
            playbook={specialist.playbook}
            insights={specialist.insights}
            output={specialist}
            capabilities={capabilities}
          />
        </>
      );
    }
  }

  const installed = installedOutputOf(output);
  if (installed) {
    return (
      <>
        <RichText text={installed.answer} citation={citationLinks(SCOPE, installed.citations)} />
        <SourceList scope={SCOPE} citations={installed.citations} />
      </>
    );
  }

  const partial = partialOutputText(output);
  if (partial !== null) {
    return (
      <>
        <p className="answer__label">Partial output, kept when the task stopped:</p>
        <RichText text={partial} />
      </>
    );
  }
  return <JsonBlock value={output} />;
}

export function JsonBlock({ value, label }: { value: unknown; label?: string }) {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    // Focusable, so a keyboard can scroll a wide value.
    <pre
      className="code code--json"
      tabIndex={0}
      {...(label ? { role: 'region', 'aria-label': label } : {})}
    >
      <code>{text}</code>
    </pre>
  );
}
