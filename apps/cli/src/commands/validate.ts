import { validateManifest } from '@capecontrol/api/validator';
import { CAPECONTROL_VERSION } from '@capecontrol/schema';
import { helpOption, jsonOption } from '../lib/args';
import { ExitCode } from '../lib/errors';
import { readManifestFile } from '../lib/manifest-file';
import { printJson } from '../lib/output';
import { formatReport } from '../lib/report';
import { defineCommand, expectPositionals } from './command';

export const command = defineCommand({
  name: 'validate',
  usage: 'validate <manifest.json> [--json]',
  description: [
    'Checks an agent manifest offline with the same validator the server runs when you publish:',
    'schema errors with their paths, security findings by severity, and the performance score.',
    'Dependencies, advisories and look-alike names need the registry: `cape publish --dry-run`',
    'checks those too. Exits 1 when the manifest would be blocked, 0 otherwise. `-` reads stdin.',
  ],
  options: { ...jsonOption, ...helpOption },
  examples: ['cape validate manifest.json', 'cape validate manifest.json --json | jq .verdict'],
  async run(ctx, { values, positionals }) {
    const [path = ''] = expectPositionals('validate', positionals, {
      required: ['<manifest.json>'],
    });
    const { io } = ctx;
    const raw = await readManifestFile(io, path);
    const report = validateManifest(raw, { platformVersion: CAPECONTROL_VERSION });
    if (values.json) {
      printJson(io, report);
    } else {
      for (const line of formatReport(io.out, report)) io.print(line);
      io.print();
      io.print(io.out.dim(`Checked offline against CapeControl ${CAPECONTROL_VERSION}.`));
    }
    return report.verdict === 'blocked' ? ExitCode.failure : ExitCode.ok;
  },
});
