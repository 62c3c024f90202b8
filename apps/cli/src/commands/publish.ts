import { helpOption, jsonOption, urlOption } from '../lib/args';
import { connect } from '../lib/connection';
import { ExitCode } from '../lib/errors';
import { readManifestFile } from '../lib/manifest-file';
import { printJson } from '../lib/output';
import { formatReport } from '../lib/report';
import { defineCommand, expectPositionals } from './command';

export const command = defineCommand({
  name: 'publish',
  usage: 'publish <manifest.json> [--dry-run] [--json]',
  description: [
    "Publishes a version of an agent through the server's validation pipeline (schema, engines,",
    'dependencies against the registry, security findings, advisories, performance) and prints',
    'its report. Critical findings block the publish: then nothing is stored and cape exits 1.',
    'Needs the publisher role; the first publisher of a scope owns it. Versions are immutable.',
  ],
  options: {
    'dry-run': {
      type: 'boolean',
      description: 'Run the full server-side validation without publishing',
    },
    ...jsonOption,
    ...urlOption,
    ...helpOption,
  },
  examples: ['cape publish manifest.json', 'cape publish manifest.json --dry-run'],
  async run(ctx, { values, positionals }) {
    const [path = ''] = expectPositionals('publish', positionals, {
      required: ['<manifest.json>'],
    });
    const { io } = ctx;
    const manifest = await readManifestFile(io, path);
    const { client } = await connect(ctx);

    if (values['dry-run']) {
      const report = await client.marketplace.agents.validate.mutate({ manifest });
      if (values.json) printJson(io, report);
      else {
        for (const line of formatReport(io.out, report)) io.print(line);
        io.print();
        io.note(io.err.dim('Dry run: nothing was published.'));
      }
      return report.verdict === 'blocked' ? ExitCode.failure : ExitCode.ok;
    }

    const result = await client.marketplace.agents.publish.mutate({ manifest });
    if (values.json) {
      printJson(io, result);
      return result.status === 'published' ? ExitCode.ok : ExitCode.failure;
    }
    for (const line of formatReport(io.out, result.report)) io.print(line);
    io.print();
    if (result.status === 'blocked') {
      io.note(io.err.red('✗ Not published: fix the blocking problems above and publish again.'));
      return ExitCode.failure;
    }
    io.note(`${io.err.green('✓')} Published ${io.err.bold(`${result.name}@${result.version}`)}`);
    io.note(io.err.dim(`  sha256 ${result.digest}`));
    return ExitCode.ok;
  },
});
