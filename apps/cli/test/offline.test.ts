import { readFileSync } from 'node:fs';
import { validateManifest } from '@capecontrol/api/validator';
import { CAPECONTROL_VERSION, type ValidationReport } from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { cape, fixture, tempConfigDir } from './cape';

const offline = { configDir: tempConfigDir() };

describe('cape without a server', () => {
  it('prints help and its version, exit 0', async () => {
    const help = await cape(['--help'], offline);
    expect(help.code).toBe(0);
    for (const name of ['login', 'validate', 'publish', 'search', 'install', 'run']) {
      expect(help.stdout).toContain(`  ${name} `);
    }
    expect(help.stdout).toContain('Exit codes');

    const commandHelp = await cape(['install', '--help'], offline);
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.stdout).toContain('Usage: cape install <publisher/agent>[@version]');
    expect(commandHelp.stdout).toContain('--yes');

    const version = await cape(['--version'], offline);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toBe(`cape 0.1.0 (CapeControl ${CAPECONTROL_VERSION})\n`);
  });

  it('rejects an unknown command or option with exit 2 and a suggestion', async () => {
    const unknown = await cape(['instal', 'acme/x'], offline);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "instal"');
    expect(unknown.stderr).toContain('cape install');
    expect(unknown.stdout).toBe('');

    const option = await cape(['search', '--colour'], offline);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('unknown option --colour');

    const missing = await cape(['validate'], offline);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing <manifest.json>');
  });

  it('says "not signed in" with exit 3 when there are no credentials', async () => {
    const result = await cape(['whoami', '--url', 'http://127.0.0.1:3999'], offline);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Not signed in to http://127.0.0.1:3999');
    expect(result.stderr).toContain('cape login');
  });

  it('refuses a bad CAPE_URL naming the variable', async () => {
    const result = await cape(['whoami'], { ...offline, env: { CAPE_URL: 'localhost:3000' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CAPE_URL must be an http(s) URL');
  });
});

describe('cape validate (offline, the publish validator)', () => {
  it('passes a good manifest with exit 0 and shows the performance score', async () => {
    const result = await cape(['validate', fixture('meeting-notes.json')], offline);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cli-test/meeting-notes@1.0.0');
    expect(result.stdout).toContain('✓ Passed');
    expect(result.stdout).toMatch(/Performance {2}\d{1,3}\/100/);
  });

  it('blocks a manifest whose engines exclude this platform, exit 1, naming the finding', async () => {
    const result = await cape(['validate', fixture('incompatible-engines.json')], offline);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ Blocked');
    expect(result.stdout).toContain('Critical (1)');
    expect(result.stdout).toContain('engines.incompatible · engines.capecontrol');
    expect(result.stdout).toContain(`this platform's version ${CAPECONTROL_VERSION}`);
  });

  it('lists schema errors with their paths', async () => {
    const result = await cape(['validate', fixture('schema-errors.json')], offline);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Schema errors (3)');
    expect(result.stdout).toMatch(/✗ name +Name must look like "publisher\/agent"/);
    expect(result.stdout).toMatch(/✗ version +Version must be a semantic version/);
    expect(result.stdout).toMatch(/✗ category +Category must be one of/);
  });

  it('prints exactly the validator report with --json (and reads stdin with -)', async () => {
    const text = readFileSync(fixture('incompatible-engines.json'), 'utf8');
    const result = await cape(['validate', '-', '--json'], { ...offline, input: text });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as ValidationReport;
    const expected = validateManifest(JSON.parse(text), { platformVersion: CAPECONTROL_VERSION });
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(report.findings.map((f) => f.id)).toContain('engines.incompatible');
  });

  it('explains unreadable input: a missing file is a usage error, bad JSON fails', async () => {
    const missing = await cape(['validate', 'no-such-manifest.json'], offline);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read no-such-manifest.json: no such file');

    const broken = await cape(['validate', '-'], { ...offline, input: '{"name": ' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('stdin is not valid JSON');
    expect(broken.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
