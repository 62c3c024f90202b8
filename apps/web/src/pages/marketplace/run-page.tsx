import { isTerminalStatus } from '@capecontrol/schema';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type SubmitEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApiClients } from '../../api/api-provider';
import { errorCode, errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button, buttonClass } from '../../components/button';
import { TextAreaField } from '../../components/field';
import { PlayIcon, StopIcon } from '../../components/icons';
import { PageTitle } from '../../components/page-title';
import { ErrorState, Skeleton } from '../../components/states';
import { randomId } from '../../lib/uuid';
import { agentPath } from '../../marketplace/format';
import { inputTextOf } from '../../marketplace/installed-output';
import type { AgentDetail } from '../../marketplace/marketplace-types';
import { describeEnd } from '../../tasks/task-format';
import { taskStream } from '../../tasks/task-streams';
import { useTaskStream } from '../../tasks/use-task-stream';
import { ConnectionStatus } from '../agents/answer-parts';
import { TaskStatusBadge } from '../tasks/task-status-badge';
import { AgentNotFound } from './not-found';
import { RecentRuns } from './recent-runs';
import { RunOutput } from './run-output';

const MAX_INPUT = 20_000;

export function RunAgentPage() {
  const { publisher = '', agent: agentName = '' } = useParams();
  const name = `${publisher}/${agentName}`;
  const agent = trpc.marketplace.agents.get.useQuery({ name }, { retry: false });

  if (agent.isPending) {
    return (
      <div className="container page" aria-busy="true">
        <PageTitle title="Run" />
        <span className="visually-hidden" role="status">
          Loading the agent…
        </span>
        <Skeleton width="40%" height="2rem" />
      </div>
    );
  }
  if (agent.isError) {
    const code = errorCode(agent.error);
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST')
      return <AgentNotFound name={name} message={errorMessage(agent.error)} />;
    return (
      <div className="container page">
        <PageTitle title="Run" />
        <h1 tabIndex={-1}>Run {name}</h1>
        <ErrorState
          title="Couldn't load this agent"
          message={errorMessage(agent.error)}
          onRetry={() => void agent.refetch()}
          retrying={agent.isFetching}
        />
      </div>
    );
  }
  return <RunView agent={agent.data} />;
}

/**
 * Runs an installed agent as a task and follows its output live. The task id is chosen here
 * and put in the address before anything is sent: Stop works at once, and a reload (or a
 * shared link) picks the same run up again from its stored events.
 */
function RunView({ agent }: { agent: AgentDetail }) {
  const { trpcClient } = useApiClients();
  const utils = trpc.useUtils();
  const [params, setParams] = useSearchParams();
  const taskId = params.get('task');
  const [creating, setCreating] = useState<string | null>(null);
  const creation = useRef<Promise<unknown> | null>(null);
  const [text, setText] = useState('');
  const [inputError, setInputError] = useState<string | undefined>();
  const [runError, setRunError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ id: string; text: string } | null>(null);
  // The Run and Stop buttons come and go: keep the keyboard in the input.
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const streamId = taskId && taskId !== creating ? taskId : null;
  const source = useMemo(
    () => (streamId ? { key: streamId, open: taskStream(trpcClient, streamId) } : null),
    [streamId, trpcClient],
  );
  const stream = useTaskStream(source);
  const { view } = stream;
  const task = trpc.task.get.useQuery(
    { id: streamId ?? '' },
    { enabled: streamId !== null, retry: false, staleTime: 0 },
  );
  const ended = view.terminal?.status ?? null;
  useEffect(() => {
    if (streamId && ended) void utils.task.get.invalidate({ id: streamId });
    if (ended) void utils.task.list.invalidate();
  }, [streamId, ended, utils]);

  // A run that doesn't exist (or isn't the caller's): the API says NOT_FOUND either way.
  const missing =
    streamId !== null && ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(task.error) ?? '');
  const recordStatus = task.data?.status ?? null;
  const status = view.status ?? recordStatus ?? (taskId ? 'queued' : null);
  const running =
    taskId !== null &&
    !missing &&
    (creating === taskId ||
      (view.terminal === null && !(recordStatus && isTerminalStatus(recordStatus))));

  const stop = useMutation({
    mutationFn: async () => {
      if (!taskId) return;
      // Pressed before the task exists: let the create land first, then cancel it.
      if (creating === taskId) await creation.current?.catch(() => undefined);
      await trpcClient.task.cancel.mutate({ id: taskId });
    },
  });

  const run = () => {
    const input = text.trim();
    if (input === '') {
      setInputError(`Say what ${agent.displayName} should work on.`);
      return;
    }
    if (input.length > MAX_INPUT) {
      setInputError(`At most ${MAX_INPUT.toLocaleString('en')} characters.`);
      return;
    }
    setInputError(undefined);
    setRunError(null);
    stop.reset();
    const id = randomId();
    setCreating(id);
    setSent({ id, text: input });
    setParams({ task: id });
    inputRef.current?.focus();
    const promise = trpcClient.task.create.mutate({ id, agent: agent.name, input: { input } });
    creation.current = promise;
    promise.then(
      () => {
        setCreating((current) => (current === id ? null : current));
        void utils.task.list.invalidate();
      },
      (error: unknown) => {
        setCreating((current) => (current === id ? null : current));
        setRunError(errorMessage(error));
        setParams({}, { replace: true });
      },
    );
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!running) run();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (!running) run();
  };

  const asked =
    (sent && sent.id === taskId ? sent.text : null) ?? inputTextOf(task.data?.input) ?? null;
  const terminal = view.terminal;
  const failed = terminal && terminal.status !== 'succeeded' && terminal.status !== 'cancelled';

  return (
    <div className="container page run-page">
      <PageTitle title={`Run ${agent.displayName}`} />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/marketplace">Marketplace</Link>
        <span aria-hidden="true"> / </span>
        <Link to={agentPath(agent.name)}>{agent.displayName}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">Run</span>
      </nav>
      <header className="page-header page-header--with-actions">
        <div className="page-header__text">
          <p className="eyebrow">Run</p>
          <h1 tabIndex={-1}>{agent.displayName}</h1>
          <p className="page-header__lede">{agent.description}</p>
        </div>
        <div className="page-header__actions">
          <Link to={agentPath(agent.name)} className={buttonClass('ghost')}>
            About this agent
          </Link>
        </div>
      </header>

      {!agent.installed ? (
        <Alert tone="info" title="Not installed">
          Install {agent.displayName} from <Link to={agentPath(agent.name)}>its page</Link> to run
          it.
        </Alert>
      ) : (
        <form className="card run-form" onSubmit={submit} noValidate>
          <TextAreaField
            ref={inputRef}
            label="Input"
            name="input"
            rows={4}
            value={text}
            maxLength={MAX_INPUT}
            placeholder={`What should ${agent.displayName} work on?`}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={onKeyDown}
            error={inputError}
            hint={
              <>
                <kbd>Enter</kbd> runs it, <kbd>Shift</kbd> + <kbd>Enter</kbd> starts a new line.
                Version {agent.installed.version}.
              </>
            }
          />
          <div className="composer__actions">
            <div className="composer__status">
              {running && (
                <ConnectionStatus
                  connection={creating === taskId ? 'connecting' : stream.connection}
                />
              )}
            </div>
            {running && (
              <Button
                variant="danger-outline"
                onClick={() => {
                  stop.mutate();
                  inputRef.current?.focus();
                }}
                pending={stop.isPending || stop.isSuccess}
                pendingLabel="Stopping…"
              >
                <StopIcon />
                Stop
              </Button>
            )}
            <Button type="submit" disabled={running}>
              <PlayIcon />
              Run
            </Button>
          </div>
          {runError && (
            <Alert tone="error" title="The run didn’t start">
              {runError}
            </Alert>
          )}
          {stop.error !== null && (
            <Alert tone="error">Couldn&apos;t stop the run. {errorMessage(stop.error)}</Alert>
          )}
        </form>
      )}

      {missing && (
        <Alert tone="warning" title="No such run">
          There is no run at this address, or it belongs to someone else. Start a new one above.
        </Alert>
      )}

      {taskId && !missing && (
        <section className="card run-result" aria-labelledby="run-output-heading">
          <div className="card__header">
            <h2 id="run-output-heading" className="card__title">
              {running ? 'Live output' : 'Output'}
            </h2>
            <div className="run-result__meta">
              {status && <TaskStatusBadge status={status} />}
              {streamId && (
                <Link to={`/tasks/${streamId}`} className="message__task-link">
                  View task
                </Link>
              )}
            </div>
          </div>
          {asked && (
            <p className="run-result__input">
              <span className="visually-hidden">Input: </span>
              {asked}
            </p>
          )}
          {stream.connection === 'failed' && running && (
            <div className="chat__stream-error">
              <Alert tone="error" title="Lost the live output">
                {errorMessage(stream.error)}
              </Alert>
              <Button variant="secondary" size="sm" onClick={stream.reconnect}>
                Try again
              </Button>
            </div>
          )}
          <div className="answer" aria-live="polite" aria-busy={running}>
            <RunOutput view={view} output={task.data?.output ?? terminal?.output ?? null} />
            {terminal?.status === 'cancelled' && (
              <p className="answer__stopped">
                Stopped — the output above is what had arrived so far.
              </p>
            )}
          </div>
          {failed && (
            <Alert tone="error" title={terminal.status === 'timed_out' ? 'Timed out' : 'Failed'}>
              {describeEnd(terminal.status, terminal.error)}
            </Alert>
          )}
        </section>
      )}

      {agent.installed && <RecentRuns name={agent.name} current={taskId} />}
    </div>
  );
}
