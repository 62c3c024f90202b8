import { RichText } from '../../components/rich-text';
import { installedOutputOf } from '../../marketplace/installed-output';
import { Spinner } from '../../components/spinner';
import type { TaskView } from '../../tasks/task-view';
import { partialOutputText } from '../../tasks/task-view';
import { citationLinks, ProgressLine, SourceList } from '../agents/answer-parts';

const SCOPE = 'run-output';

/**
 * A run of an installed agent: while it streams, the text as it arrives — a workflow's text
 * step by step, each call to a dependency under its own heading — then the final answer with
 * its sources.
 */
export function RunOutput({ view, output }: { view: TaskView; output: unknown }) {
  const finished = installedOutputOf(output);
  const calls = view.steps.filter((step) => step.kind === 'agent_call' && !step.abandoned);

  if (finished && view.terminal?.status !== 'cancelled') {
    const stepEntries = Object.entries(finished.steps);
    return (
      <>
        <RichText text={finished.answer} citation={citationLinks(SCOPE, finished.citations)} />
        <SourceList scope={SCOPE} citations={finished.citations} />
        {stepEntries.length > 1 && (
          <details className="run-steps">
            <summary>Each step’s output ({stepEntries.length})</summary>
            <ol className="run-steps__list">
              {stepEntries.map(([step, text]) => (
                <li key={step} className="run-step">
                  <h4 className="run-step__title">{step}</h4>
                  <RichText text={text} />
                </li>
              ))}
            </ol>
          </details>
        )}
      </>
    );
  }

  const live = view.terminal === null;
  const partial = partialOutputText(view.terminal?.output ?? output);
  return (
    <>
      {live && <ProgressLine view={view} />}
      {calls.length > 0 ? (
        <ol className="run-steps__list">
          {calls.map((step) => {
            const text = view.content[step.seq]?.tokens.join('') ?? '';
            return (
              <li key={step.seq} className="run-step">
                <h4 className="run-step__title">
                  {step.status === 'running' && <Spinner size={14} />}
                  <span className="visually-hidden">Step {step.seq}: </span>
                  {step.name}
                </h4>
                {text ? <RichText text={text} /> : <p className="muted">Waiting for output…</p>}
              </li>
            );
          })}
        </ol>
      ) : view.answer ? (
        <RichText text={view.answer} citation={citationLinks(SCOPE, view.citations)} />
      ) : partial ? (
        <>
          <p className="answer__label">Partial output, kept when the run stopped:</p>
          <RichText text={partial} />
        </>
      ) : (
        <p className="muted">{live ? 'No output yet.' : 'No output.'}</p>
      )}
      {calls.length === 0 && <SourceList scope={SCOPE} citations={view.citations} />}
    </>
  );
}
