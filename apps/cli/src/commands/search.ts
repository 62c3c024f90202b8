import type { AgentListing } from '@capecontrol/client';
import { marketplaceCategories, searchSorts, type SearchInput } from '@capecontrol/schema';
import { helpOption, jsonOption, urlOption } from '../lib/args';
import { connect } from '../lib/connection';
import { ExitCode, UsageError } from '../lib/errors';
import { clean, compactNumber, printJson, table, type Io } from '../lib/output';
import { defineCommand } from './command';

export const command = defineCommand({
  name: 'search',
  usage: 'search [query] [--category C] [--sort S] [--limit N] [--json]',
  description: [
    'Searches the marketplace (names, descriptions, tags and readmes; typos are forgiven) and',
    'lists matching agents this server can run.',
    `Categories: ${marketplaceCategories.join(', ')}.`,
    `Sorts: ${searchSorts.join(', ')} (default: relevance).`,
  ],
  options: {
    category: { type: 'string', value: 'C', description: 'Only this category' },
    sort: { type: 'string', value: 'S', description: 'Order of the results' },
    limit: { type: 'string', value: 'N', description: 'At most N results, 1–50 (default 20)' },
    publisher: { type: 'string', value: 'SCOPE', description: "Only this publisher's agents" },
    tag: { type: 'string', value: 'TAG', multiple: true, description: 'Only agents with this tag' },
    ...jsonOption,
    ...urlOption,
    ...helpOption,
  },
  examples: [
    'cape search meeting notes',
    'cape search --category security --sort rating',
    'cape search --sort installs --limit 5 --json',
  ],
  async run(ctx, { values, positionals }) {
    const { io } = ctx;
    const input: SearchInput = { limit: parseLimit(values.limit) };
    const query = positionals.join(' ').trim();
    if (query !== '') input.query = query;
    if (values.category !== undefined)
      input.category = oneOf('category', values.category, marketplaceCategories);
    if (values.sort !== undefined) input.sort = oneOf('sort', values.sort, searchSorts);
    if (values.publisher !== undefined) input.publisher = values.publisher;
    if (values.tag !== undefined) input.tags = values.tag;

    const { client } = await connect(ctx, { signedIn: false });
    const result = await client.marketplace.search.query(input);
    if (values.json) {
      printJson(io, result);
      return ExitCode.ok;
    }
    if (result.items.length === 0) {
      io.note(query ? `No agents match "${query}".` : 'No agents match.');
      return ExitCode.ok;
    }
    printListings(io, result.items);
    if (result.nextCursor) {
      io.note(
        io.err.dim(
          `Showing the first ${result.items.length}; narrow the search or raise --limit (at most 50).`,
        ),
      );
    }
    return ExitCode.ok;
  },
});

function printListings(io: Io, items: AgentListing[]): void {
  const { out } = io;
  const rows = items.map((agent) => {
    const version = agent.latestCompatibleVersion ?? agent.latestVersion;
    const marks = [
      agent.verified ? out.green('✓') : '',
      agent.installed
        ? out.cyan(agent.installed.updateAvailable ? '(installed, update)' : '(installed)')
        : '',
      agent.deprecated !== null ? out.yellow('(deprecated)') : '',
    ].filter(Boolean);
    const rating =
      agent.rating.average === null
        ? out.dim('–')
        : `★ ${agent.rating.average.toFixed(1)} (${agent.rating.count})`;
    return [
      [out.bold(clean(agent.name)), ...marks].join(' '),
      version,
      rating,
      compactNumber(agent.installs),
      clean(agent.description).replace(/\s+/g, ' '),
    ];
  });
  const lines = table(
    [
      { header: 'NAME' },
      { header: 'VERSION' },
      { header: 'RATING' },
      { header: 'INSTALLS', align: 'right' },
      { header: 'DESCRIPTION', flexible: true },
    ],
    rows,
    { style: out, maxWidth: io.stdout.isTTY ? io.stdout.columns : undefined },
  );
  for (const line of lines) io.print(line);
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
    throw new UsageError(`cape search: --limit must be a whole number from 1 to 50, not "${raw}".`);
  }
  return limit;
}

function oneOf<TValue extends string>(
  option: string,
  raw: string,
  allowed: readonly TValue[],
): TValue {
  const value = raw.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(value)) return value as TValue;
  throw new UsageError(
    `cape search: unknown --${option} "${raw}".`,
    `Choose one of: ${allowed.join(', ')}.`,
  );
}
