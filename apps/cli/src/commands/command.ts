import { formatOptions, type OptionSpecs, type ParsedArgs } from '../lib/args';
import type { CommandContext } from '../lib/context';
import { UsageError, type ExitCode } from '../lib/errors';
import type { Style } from '../lib/output';

export interface Command<TSpecs extends OptionSpecs = OptionSpecs> {
  name: string;
  /** `cape install <publisher/agent>[@version] [options]` without the `cape `. */
  usage: string;
  /** Paragraphs under the usage line. */
  description: string[];
  options: TSpecs;
  examples: string[];
  run(ctx: CommandContext, args: ParsedArgs<TSpecs>): Promise<ExitCode>;
}

/** Keeps the option types of a command's `run` tied to its `options`. */
export function defineCommand<TSpecs extends OptionSpecs>(
  command: Command<TSpecs>,
): Command<TSpecs> {
  return command;
}

export function commandHelp(style: Style, command: Command): string[] {
  return [
    `${style.bold('Usage:')} cape ${command.usage}`,
    '',
    ...command.description,
    '',
    style.bold('Options:'),
    ...formatOptions(command.options),
    ...(command.examples.length > 0
      ? ['', style.bold('Examples:'), ...command.examples.map((example) => `  ${example}`)]
      : []),
  ];
}

/** The positionals, checked against how many the command takes. */
export function expectPositionals(
  command: string,
  positionals: string[],
  names: { required: string[]; optional?: string[]; rest?: boolean },
): string[] {
  const optional = names.optional ?? [];
  if (positionals.length < names.required.length) {
    const missing = names.required.slice(positionals.length).join(' ');
    throw new UsageError(`cape ${command}: missing ${missing}`, `See \`cape ${command} --help\`.`);
  }
  if (!names.rest && positionals.length > names.required.length + optional.length) {
    const extra = positionals.slice(names.required.length + optional.length);
    throw new UsageError(
      `cape ${command}: unexpected argument ${JSON.stringify(extra[0])}`,
      `See \`cape ${command} --help\`.`,
    );
  }
  return positionals;
}
