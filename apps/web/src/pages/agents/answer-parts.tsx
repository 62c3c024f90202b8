import type { Citation } from '@capecontrol/schema';
import type { CitationLink } from '../../components/rich-text';
import { Spinner } from '../../components/spinner';
import { STEP_ACTIVITY } from '../../tasks/task-format';
import type { TaskView } from '../../tasks/task-view';
import type { StreamConnection } from '../../tasks/use-task-stream';

/** "Publishing agents › Before you publish", without repeating a title the section starts with. */
export function citationHeading(citation: Pick<Citation, 'title' | 'section'>): string {
  const section = citation.section.trim();
  if (!section || section === citation.title) return citation.title;
  return section.startsWith(`${citation.title} ›`) ? section : `${citation.title} › ${section}`;
}

export function sourceId(scope: string, index: number): string {
  return `${scope}-source-${index}`;
}

/** Resolves `[n]` in an answer to the numbered source of the same turn. */
export function citationLinks(
  scope: string,
  citations: readonly Citation[],
): (index: number) => CitationLink | null {
  return (index) => {
    const citation = citations.find((item) => item.index === index);
    return citation
      ? { href: `#${sourceId(scope, index)}`, label: `Source ${index}: ${citation.title}` }
      : null;
  };
}

/** The numbered sources an answer cites: title › section, and the passage itself. */
export function SourceList({
  scope,
  citations,
}: {
  scope: string;
  citations: readonly Citation[];
}) {
  if (citations.length === 0) return null;
  const headingId = `${scope}-sources`;
  return (
    <section className="sources" aria-labelledby={headingId}>
      <h3 id={headingId} className="answer-section__title">
        Sources
      </h3>
      <ol className="sources__list">
        {citations.map((citation) => (
          <li
            key={citation.index}
            id={sourceId(scope, citation.index)}
            className="source"
            tabIndex={-1}
          >
            <span className="source__number" aria-hidden="true">
              {citation.index}
            </span>
            <div className="source__body">
              <p className="source__title">
                <span className="visually-hidden">Source {citation.index}: </span>
                {citationHeading(citation)}
              </p>
              <p className="source__snippet">{citation.snippet}</p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Follow-up questions; choosing one asks it. */
export function SuggestionChips({
  scope,
  suggestions,
  disabled,
  onPick,
}: {
  scope: string;
  suggestions: readonly string[];
  disabled: boolean;
  onPick: (question: string) => void;
}) {
  if (suggestions.length === 0) return null;
  const labelId = `${scope}-suggestions`;
  return (
    <div className="suggestions" role="group" aria-labelledby={labelId}>
      <p id={labelId} className="answer-section__title">
        Ask next
      </p>
      <ul className="suggestions__list">
        {suggestions.map((text) => (
          <li key={text}>
            <button
              type="button"
              className="suggestion"
              disabled={disabled}
              onClick={() => onPick(text)}
            >
              {text}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the run is doing now, for the line under a streaming answer. */
export function activityOf(view: TaskView): string {
  if (view.requeueReason === 'lease_expired')
    return 'The worker stopped responding. Resuming on another one…';
  if (view.requeueReason) return 'Waiting to resume…';
  if (view.status === null) return 'Sending your question…';
  if (view.status === 'queued') return 'Waiting for a worker…';
  const open = view.steps.findLast((step) => step.status === 'running' && !step.abandoned);
  const activity = open ? STEP_ACTIVITY[open.kind] : 'Working…';
  return view.attempt > 1 ? `${activity} (attempt ${view.attempt})` : activity;
}

export function ProgressLine({ view }: { view: TaskView }) {
  const done = view.steps.filter((step) => step.status === 'succeeded').length;
  return (
    <p className="progress-line">
      <Spinner />
      <span>{activityOf(view)}</span>
      {done > 0 && (
        <span className="progress-line__steps">
          {done} {done === 1 ? 'step' : 'steps'} done
        </span>
      )}
    </p>
  );
}

const CONNECTION_LABELS: Partial<Record<StreamConnection, string>> = {
  connecting: 'Connecting…',
  live: 'Connected',
  reconnecting: 'Reconnecting…',
  paused: 'Paused while hidden',
};

/**
 * The stream's connection, while a run is followed: "Connected", or "Reconnecting…" when the
 * connection dropped (the answer resumes where it stopped). Hidden otherwise.
 */
export function ConnectionStatus({ connection }: { connection: StreamConnection }) {
  const label = CONNECTION_LABELS[connection];
  return (
    <p className="connection" role="status">
      {label && (
        <span className={`connection__pill connection__pill--${connection}`}>
          {connection === 'reconnecting' || connection === 'connecting' ? (
            <Spinner size={12} />
          ) : (
            <span className="connection__dot" aria-hidden="true" />
          )}
          {label}
        </span>
      )}
    </p>
  );
}
