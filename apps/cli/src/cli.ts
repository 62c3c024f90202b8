import { commandHelp } from './commands/command';
import { commands } from './commands';
import { mainHelp, versionLine } from './help';
import { parseCommandArgs } from './lib/args';
import type { CommandContext } from './lib/context';
import { ExitCode, UsageError } from './lib/errors';

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

function unknownCommand(name: string): UsageError {
  const close = commands
    .map((command) => ({ name: command.name, distance: editDistance(name, command.name) }))
    .filter((candidate) => candidate.distance <= 2 || candidate.name.startsWith(name))
    .sort((a, b) => a.distance - b.distance)[0];
  return new UsageError(
    `Unknown command "${name}".`,
    close
      ? `Did you mean \`cape ${close.name}\`? See \`cape --help\`.`
      : 'See `cape --help` for the commands.',
  );
}

/** `--url` given before the command (`cape --url X whoami`), moved after it. */
function takeLeadingOptions(args: string[]): { action: 'help' | 'version' | null; url: string[] } {
  const url: string[] = [];
  while (args[0]?.startsWith('-')) {
    const option = args.shift() as string;
    if (option === '-h' || option === '--help') return { action: 'help', url };
    if (option === '-V' || option === '-v' || option === '--version')
      return { action: 'version', url };
    if (option === '--url' && args[0] !== undefined) url.push('--url', args.shift() as string);
    else if (option.startsWith('--url=')) url.push(option);
    else if (option === '--') break;
    else
      throw new UsageError(
        `Unknown option ${option}.`,
        'Options go after the command; see `cape --help`.',
      );
  }
  return { action: null, url };
}

/** Runs one command line (without `node cape`) and returns the exit code. */
export async function runCli(ctx: CommandContext, argv: string[]): Promise<ExitCode> {
  const { io } = ctx;
  const args = [...argv];
  const leading = takeLeadingOptions(args);
  if (leading.action === 'version') {
    io.print(versionLine());
    return ExitCode.ok;
  }
  let name = args.shift();
  if (leading.action === 'help' || name === 'help') {
    const topic = name === 'help' ? args.shift() : undefined;
    if (topic === undefined) {
      for (const line of mainHelp(io.out)) io.print(line);
      return ExitCode.ok;
    }
    name = topic;
    args.splice(0, args.length, '--help');
  }
  if (name === undefined) {
    for (const line of mainHelp(io.err)) io.note(line);
    return ExitCode.usage;
  }
  const entry = commands.find((command) => command.name === name);
  if (!entry) throw unknownCommand(name);
  const { command } = await entry.load();
  if (leading.url.length > 0 && !('url' in command.options)) {
    throw new UsageError(`cape ${command.name} does not talk to a server; it takes no --url.`);
  }
  const parsed = parseCommandArgs(command.name, [...leading.url, ...args], command.options);
  // Every command has --help and most have --url; their values are typed per command.
  const values = parsed.values as { help?: unknown; url?: unknown };
  if (values.help === true) {
    for (const line of commandHelp(io.out, command)) io.print(line);
    return ExitCode.ok;
  }
  const url = values.url;
  ctx.urlFlag = typeof url === 'string' ? url : undefined;
  return command.run(ctx, parsed);
}
