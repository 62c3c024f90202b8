import { isTerminalStatus, SPECIALIST_AGENT_ID } from '@capecontrol/schema';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApiClients } from '../../api/api-provider';
import { errorCode, errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { RetryIcon, StopIcon } from '../../components/icons';
import { PageTitle } from '../../components/page-title';
import { ErrorState } from '../../components/states';
import { useToast } from '../../components/toast';
import { useNow } from '../../lib/time';
import { mergeSteps } from '../../tasks/steps';
import { AGENT_PAGES, describeEnd, questionOf } from '../../tasks/task-format';
import { taskStream } from '../../tasks/task-streams';
import type { TaskDetail } from '../../tasks/task-types';
import { useAgentName } from '../../tasks/use-agent-name';
import { useTaskStream } from '../../tasks/use-task-stream';
import { ConnectionStatus } from '../agents/answer-parts';
import { CancelTaskDialog } from './cancel-task-dialog';
import { TaskNotFound, TaskSkeleton } from './task-page-states';
import { StepTimeline } from './step-timeline';
import { TaskFacts } from './task-facts';
import { JsonBlock, TaskOutput } from './task-output';
import { TaskStatusBadge } from './task-status-badge';

export function TaskPage() {
  const { id = '' } = useParams();
  const task = trpc.task.get.useQuery({ id }, { retry: false, staleTime: 0 });

  if (task.isPending) return <TaskSkeleton />;
  if (task.isError) {
    const code = errorCode(task.error);
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <TaskNotFound />;
    return (
      <div className="container page">
        <PageTitle title="Task" />
        <h1 tabIndex={-1}>Task</h1>
        <ErrorState
          title="Couldn't load this task"
          message={errorMessage(task.error)}
          onRetry={() => void task.refetch()}
          retrying={task.isFetching}
        />
      </div>
    );
  }
  return <TaskDetails key={task.data.id} task={task.data} />;
}

function TaskDetails({ task }: { task: TaskDetail }) {
  const { trpcClient } = useApiClients();
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const toast = useToast();
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const capabilities = trpc.agent.domainSpecialist.capabilities.useQuery(undefined, {
    staleTime: Infinity,
    enabled: task.agent === SPECIALIST_AGENT_ID,
  });

  // Follow the task live until it ends; a finished task opens no stream at all.
  const recordFinished = isTerminalStatus(task.status);
  const source = useMemo(
    () => (recordFinished ? null : { key: task.id, open: taskStream(trpcClient, task.id) }),
    [recordFinished, task.id, trpcClient],
  );
  const stream = useTaskStream(source);
  const { view } = stream;

  // Each step boundary and the end: read the record again (durations, tokens, input, output).
  const stepSignature = view.steps.map((step) => `${step.seq}:${step.status}`).join(',');
  const ended = view.terminal?.status ?? null;
  useEffect(() => {
    if (stepSignature === '' && ended === null) return;
    void utils.task.get.invalidate({ id: task.id });
  }, [stepSignature, ended, utils, task.id]);

  const status = !recordFinished && view.status !== null ? view.status : task.status;
  const live = !isTerminalStatus(status);
  const now = useNow(live ? 1_000 : 60_000);
  const steps = mergeSteps(task.steps, view.steps);
  const retry = trpc.task.retry.useMutation({
    onSuccess: (created) => {
      void utils.task.list.invalidate();
      toast.success('Retrying as a new task.');
      void navigate(`/tasks/${created.id}`);
    },
  });

  const nameOf = useAgentName();
  const name = nameOf(task.agent);
  const question = questionOf(task.input);
  const error = view.terminal?.error ?? task.error;
  const finishedStatus = isTerminalStatus(status) ? status : null;
  const chatPage = AGENT_PAGES[task.agent];

  return (
    <div className="container page task-page">
      <PageTitle title={`${name} task`} />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/tasks">Tasks</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{task.id.slice(0, 8)}</span>
      </nav>
      <header className="page-header task-page__header">
        <div className="task-page__title">
          <p className="eyebrow">Task</p>
          <h1 tabIndex={-1}>{name}</h1>
          <TaskStatusBadge status={status} />
        </div>
        <div className="task-page__actions">
          {live && <ConnectionStatus connection={stream.connection} />}
          {live ? (
            <Button variant="danger-outline" onClick={() => setConfirmingCancel(true)}>
              <StopIcon />
              Cancel task
            </Button>
          ) : (
            <Button
              variant="secondary"
              onClick={() => retry.mutate({ id: task.id })}
              pending={retry.isPending}
              pendingLabel="Retrying…"
            >
              <RetryIcon />
              Retry
            </Button>
          )}
        </div>
      </header>
      {retry.error && <Alert tone="error">{errorMessage(retry.error)}</Alert>}

      <TaskFacts task={task} view={view} status={status} nowMs={now} />

      {question && (
        <section className="card task-question" aria-labelledby="task-question-heading">
          <h2 id="task-question-heading" className="card__title">
            Question
          </h2>
          <p className="task-question__text">{question}</p>
          {chatPage && (
            <Link to={chatPage} className="card__link">
              Ask {name} something else
            </Link>
          )}
        </section>
      )}

      {view.requeueReason === 'lease_expired' && live && (
        <Alert tone="warning" title="Resuming after a worker stopped">
          The worker running this task stopped responding. Another one picks it up where it left off
          (steps already finished are not run again).
        </Alert>
      )}
      {stream.connection === 'failed' && live && (
        <div className="chat__stream-error">
          <Alert tone="error" title="Lost the live updates">
            {errorMessage(stream.error)}
          </Alert>
          <Button variant="secondary" size="sm" onClick={stream.reconnect}>
            Try again
          </Button>
        </div>
      )}
      {finishedStatus && finishedStatus !== 'succeeded' && (
        <Alert
          tone={finishedStatus === 'cancelled' ? 'warning' : 'error'}
          title={describeTitle(finishedStatus)}
        >
          {error?.message ?? describeEnd(finishedStatus, error)}
          {error?.code && <span className="alert__code"> ({error.code})</span>}
        </Alert>
      )}

      <section className="card" aria-labelledby="task-output-heading">
        <h2 id="task-output-heading" className="card__title">
          {live ? 'Live output' : 'Output'}
        </h2>
        <div className="answer" aria-live="polite" aria-busy={live}>
          <TaskOutput
            agent={task.agent}
            output={task.output ?? view.terminal?.output ?? null}
            view={view}
            live={live}
            capabilities={capabilities.data}
          />
        </div>
      </section>

      <section className="section" aria-labelledby="task-steps-heading">
        <div className="section__header">
          <h2 id="task-steps-heading">Steps</h2>
          <p className="section__lede">
            Each step the agent ran, in order, with its timing and tokens. Open one to see its input
            and output.
          </p>
        </div>
        {steps.length === 0 ? (
          <p className="muted">
            {live ? 'No steps yet: the task is waiting for a worker.' : 'This task ran no steps.'}
          </p>
        ) : (
          <StepTimeline steps={steps} nowMs={now} />
        )}
      </section>

      <details className="card task-input">
        <summary>Input sent to the agent</summary>
        <JsonBlock value={task.input} />
      </details>

      <CancelTaskDialog
        taskId={confirmingCancel ? task.id : null}
        onClose={() => setConfirmingCancel(false)}
      />
    </div>
  );
}

function describeTitle(status: 'failed' | 'cancelled' | 'timed_out'): string {
  return status === 'cancelled' ? 'Cancelled' : status === 'timed_out' ? 'Timed out' : 'Failed';
}
