import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/errors';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { RetryIcon } from '../../components/icons';
import { RichText, type CitationLink } from '../../components/rich-text';
import { describeEnd } from '../../tasks/task-format';
import { partialTextOf, type TaskView } from '../../tasks/task-view';
import { ProgressLine } from './answer-parts';
import type { Turn } from './conversation-store';

export interface TurnControls {
  /** Only the last turn can be retried (it is the one the stream follows). */
  canRetry: boolean;
  retrying: boolean;
  retryError: unknown;
  onRetry: () => void;
  stopping: boolean;
}

/**
 * One question and its answer. The answer region is a polite live region that is busy while
 * the answer streams, so screen readers read it once, when it is complete — not token by token.
 */
export function TurnView<TInput>({
  turn,
  view,
  agentName,
  controls,
  citation,
  lead,
  children,
}: {
  turn: Turn<TInput>;
  view: TaskView;
  agentName: string;
  controls: TurnControls;
  citation?: (index: number) => CitationLink | null;
  /** What the agent shows before its answer (the Specialist's domain). */
  lead?: ReactNode;
  /** What the agent adds after its answer (sources, suggestions, playbook…). */
  children?: ReactNode;
}) {
  const terminal = view.terminal;
  const streaming = terminal === null;
  const stopped = terminal?.status === 'cancelled';
  const failed = terminal?.status === 'failed' || terminal?.status === 'timed_out';
  const partial = failed && view.answer === '' ? partialTextOf(view) : null;
  const questionId = `${turn.id}-question`;

  return (
    <li className="turn">
      <article className="turn__article" aria-labelledby={questionId}>
        <div className="message message--user">
          <p className="visually-hidden">You asked:</p>
          <p id={questionId} className="message__text">
            {turn.question}
          </p>
        </div>
        <div className={`message message--agent${stopped ? ' message--stopped' : ''}`}>
          <header className="message__header">
            <span className="message__author">{agentName}</span>
            {stopped && <span className="badge badge--status badge--cancelled">Stopped</span>}
            {failed && (
              <span className="badge badge--status badge--failed">
                {terminal.status === 'timed_out' ? 'Timed out' : 'Failed'}
              </span>
            )}
            {(view.lastEventId > 0 || terminal) && (
              <Link to={`/tasks/${turn.taskId}`} className="message__task-link">
                View task
              </Link>
            )}
          </header>

          {streaming && <ProgressLine view={view} />}
          {lead}

          {controls.stopping && streaming && (
            <p className="muted message__note" role="status">
              Stopping…
            </p>
          )}

          <div
            className={`answer${streaming ? ' answer--streaming' : ''}`}
            aria-live="polite"
            aria-busy={streaming}
          >
            {view.answer ? (
              <RichText text={view.answer} citation={citation} />
            ) : partial ? (
              <>
                <p className="answer__label">
                  Partial answer, before it{' '}
                  {terminal?.status === 'timed_out' ? 'timed out' : 'failed'}:
                </p>
                <RichText text={partial} citation={citation} />
              </>
            ) : stopped ? (
              <p className="muted">Stopped before the agent answered.</p>
            ) : null}
            {stopped && view.answer && (
              <p className="answer__stopped">
                Stopped — the answer above is what had arrived so far.
              </p>
            )}
          </div>

          {children}

          {failed && (
            <div className="turn__error">
              <Alert tone="error" title="No complete answer">
                {describeEnd(terminal.status, terminal.error)}
              </Alert>
              {controls.canRetry && (
                <div className="turn__error-actions">
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={controls.onRetry}
                    pending={controls.retrying}
                    pendingLabel="Retrying…"
                  >
                    <RetryIcon />
                    Retry
                  </Button>
                  {controls.retryError !== null && (
                    <p className="field__error" role="alert">
                      {errorMessage(controls.retryError)}
                    </p>
                  )}
                </div>
              )}
            </div>
          )}
        </div>
      </article>
    </li>
  );
}
