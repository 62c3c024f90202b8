import { randomUUID } from 'node:crypto';
import { helpOption, urlOption } from '../lib/args';
import { connect } from '../lib/connection';
import { describeError, ExitCode, networkFailure, UsageError } from '../lib/errors';
import { readStdin } from '../lib/prompt';
import { TaskRenderer } from '../lib/task-renderer';
import { followTask } from '../lib/task-stream';
import { defineCommand, expectPositionals } from './command';

const EXIT_BY_STATUS = {
  succeeded: ExitCode.ok,
  failed: ExitCode.failure,
  timed_out: ExitCode.failure,
  cancelled: ExitCode.interrupted,
} as const;

export const command = defineCommand({
  name: 'run',
  usage: 'run <agent> [input…] [--input-json JSON] [--timeout SECONDS] [--json]',
  description: [
    'Runs an agent as a task and streams it: the answer on stdout as it is written, steps on',
    'stderr, then sources and suggestions. With no input arguments, the input is read from',
    'stdin (when it is not a terminal). Marketplace agents (publisher/agent) receive the text as',
    '`input`, built-in agents (cape-ai-guide, cape-ai-domain-specialist) as `question`;',
    '--input-json sends any input object instead.',
    'Ctrl-C cancels the task and waits for it to stop (press it again to quit at once).',
    'Exits 0 when the task succeeds, 1 when it fails or times out, 130 when it is cancelled.',
  ],
  options: {
    'input-json': {
      type: 'string',
      value: 'JSON',
      description: "The agent's input as a JSON object",
    },
    timeout: {
      type: 'string',
      value: 'SECONDS',
      description: 'Stop the task after this long (1–3600)',
    },
    json: { type: 'boolean', description: 'Print the events as JSON lines instead of text' },
    ...urlOption,
    ...helpOption,
  },
  examples: [
    'cape run cape-ai-guide "How do I publish an agent?"',
    'cape run acme/release-notes < merged-prs.txt',
    'git log --oneline v1.2.0.. | cape run acme/release-notes',
  ],
  async run(ctx, { values, positionals }) {
    const [agent = '', ...words] = expectPositionals('run', positionals, {
      required: ['<agent>'],
      rest: true,
    });
    const { io } = ctx;
    const input = await agentInput(ctx.io, agent, words.join(' '), values['input-json']);
    const timeoutMs = parseTimeout(values.timeout);
    const { client, url } = await connect(ctx);
    const renderer = new TaskRenderer(io);
    const taskId = randomUUID();
    const started = Date.now();

    let created = false;
    let interrupts = 0;
    let abandon: ((code: ExitCode) => void) | null = null;
    const abandoned = new Promise<ExitCode>((resolve) => (abandon = resolve));
    const requestCancel = () => {
      client.task.cancel.mutate({ id: taskId }).catch((error: unknown) => {
        const problem = describeError(error, url);
        io.note(io.err.red(`Could not cancel the task: ${problem.message}`));
        // Without the server there will be no terminal event to wait for.
        if (networkFailure(error) !== null) abandon?.(ExitCode.interrupted);
      });
    };
    const onInterrupt = () => {
      interrupts += 1;
      renderer.breakLine();
      if (interrupts > 1) {
        io.note(io.err.yellow(`Stopped waiting; task ${taskId} may still be finishing.`));
        process.exit(ExitCode.interrupted);
      }
      io.note(io.err.yellow('Cancelling… (press Ctrl-C again to quit without waiting)'));
      if (created) requestCancel();
    };
    process.on('SIGINT', onInterrupt);
    try {
      await client.task.create.mutate({
        agent,
        input,
        id: taskId,
        ...(timeoutMs ? { timeoutMs } : {}),
      });
      created = true;
      if (interrupts > 0) requestCancel();
      const follow = followTask(client, taskId, {
        onEvent: (event) => {
          if (values.json) io.print(JSON.stringify(event));
          else renderer.handle(event);
        },
        onReconnecting: (error) => {
          renderer.breakLine();
          io.note(
            io.err.yellow(`Connection lost (${describeError(error, url).message}); reconnecting…`),
          );
        },
      });
      const outcome = await Promise.race([follow.terminal, abandoned]);
      follow.stop();
      if (typeof outcome === 'number') return outcome;
      if (!values.json) io.note(renderer.summary(taskId, outcome, Date.now() - started));
      return EXIT_BY_STATUS[outcome.status];
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  },
});

async function agentInput(
  io: Parameters<typeof readStdin>[0],
  agent: string,
  text: string,
  json: string | undefined,
): Promise<unknown> {
  if (json !== undefined) {
    if (text !== '')
      throw new UsageError('cape run: give the input as text or with --input-json, not both.');
    try {
      return JSON.parse(json) as unknown;
    } catch (error) {
      throw new UsageError(`cape run: --input-json is not valid JSON: ${(error as Error).message}`);
    }
  }
  let input = text;
  if (input === '' && !io.stdin.isTTY) input = (await readStdin(io)).replace(/\r?\n$/, '');
  if (input.trim() === '') {
    throw new UsageError(
      'cape run: what should the agent do? Give the input as arguments or on stdin.',
      `Example: cape run ${agent} "Summarise these notes: …"`,
    );
  }
  return agent.includes('/') ? { input } : { question: input };
}

function parseTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
    throw new UsageError(
      `cape run: --timeout must be a number of seconds from 1 to 3600, not "${raw}".`,
    );
  }
  return Math.round(seconds * 1000);
}
