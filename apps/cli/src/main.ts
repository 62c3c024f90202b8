/**
 * The `cape` process: reads the environment once, runs one command, prints any error as a
 * sentence (never a stack trace) and exits with the command's code.
 */
import { runCli } from './cli';
import { parseEnv } from './env';
import type { CommandContext } from './lib/context';
import { describeError, ExitCode } from './lib/errors';
import { createIo, type Io } from './lib/output';

function printError(io: Io, message: string, hint?: string): void {
  io.note(`${io.err.red(io.err.bold('Error:'))} ${message}`);
  if (hint) io.note(io.err.dim(hint));
}

/** Waits until everything written to a stream has been handed to the OS (pipes are async). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

async function main(): Promise<number> {
  const parsedEnv = parseEnv(process.env);
  const io = createIo({
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    noColor: parsedEnv.ok ? parsedEnv.env.noColor : true,
  });
  if (!parsedEnv.ok) {
    printError(io, parsedEnv.message);
    return ExitCode.usage;
  }
  const ctx: CommandContext = { io, env: parsedEnv.env, urlFlag: undefined, serverUrl: null };
  try {
    return await runCli(ctx, process.argv.slice(2));
  } catch (error) {
    const problem = describeError(error, ctx.serverUrl);
    printError(io, problem.message, problem.hint);
    return problem.exitCode;
  }
}

// A closed pipe (`cape search | head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.ok);
});

const code = await main();
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// Exit explicitly: an idle keep-alive socket or a closed stream must not hold the process open.
process.exit(code);
