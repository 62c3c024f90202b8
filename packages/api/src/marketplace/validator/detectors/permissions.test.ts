import type { AgentManifestInput } from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { parse, promptInput, workflowInput } from '../test-manifests';
import { detectPermissions } from './permissions';
import { isCatchAll, patternAllows, reach } from './hosts';

const found = (input: AgentManifestInput) =>
  detectPermissions(parse(input)).map((f) => `${f.id}@${f.path}`);

describe('detectPermissions', () => {
  it('accepts exactly what a prompt agent uses', () => {
    const input = promptInput({
      knowledge: [{ title: 'Guide', body: '# Style' }],
      permissions: {
        network: ['api.github.com'],
        tools: ['http.fetch', 'knowledge.search', 'web.search'],
      },
    });
    expect(found(input)).toEqual([]);
  });

  it('flags catch-all and public-suffix wildcards and raw IPs', () => {
    const input = promptInput({
      permissions: {
        network: ['*', '*.*', '*.com', '*.co.uk', '10.0.0.8', '*.acme.dev'],
        tools: ['http.fetch'],
      },
    });
    expect(found(input)).toEqual([
      'permissions.network-wildcard@permissions.network[0]',
      'permissions.network-wildcard@permissions.network[1]',
      'permissions.wildcard-tld@permissions.network[2]',
      'permissions.wildcard-tld@permissions.network[3]',
      'permissions.raw-ip-host@permissions.network[4]',
    ]);
  });

  it('flags more than ten hosts', () => {
    const network = Array.from({ length: 11 }, (_, i) => `api${i}.acme.dev`);
    expect(found(promptInput({ permissions: { network, tools: ['http.fetch'] } }))).toEqual([
      'permissions.too-many-hosts@permissions.network',
    ]);
  });

  it('flags tools the kind or the manifest does not need', () => {
    expect(
      found(
        promptInput({
          permissions: { network: [], tools: ['knowledge.search', 'agent.call', 'http.fetch'] },
        }),
      ),
    ).toEqual([
      'permissions.unneeded-tool@permissions.tools[0]',
      'permissions.unneeded-tool@permissions.tools[1]',
      'permissions.unneeded-tool@permissions.tools[2]',
    ]);
    expect(found(workflowInput({ permissions: { network: [], tools: ['web.search'] } }))).toEqual([
      'permissions.unneeded-tool@permissions.tools[0]',
    ]);
  });

  it('flags network hosts a prompt agent cannot use without http.fetch', () => {
    expect(found(promptInput({ permissions: { network: ['api.acme.dev'], tools: [] } }))).toEqual([
      'permissions.unused-network@permissions.network',
    ]);
  });
});

describe('host patterns', () => {
  it('match exact hosts and subdomains of a wildcard, not its apex', () => {
    expect(patternAllows('*.acme.dev', 'api.acme.dev')).toBe(true);
    expect(patternAllows('*.acme.dev', 'acme.dev')).toBe(false);
    expect(patternAllows('*.acme.dev', 'evilacme.dev')).toBe(false);
    expect(patternAllows('api.acme.dev', 'api.acme.dev')).toBe(true);
    expect(isCatchAll('*.github.io')).toBe(true);
    expect(isCatchAll('*.acme.dev')).toBe(false);
  });

  it('tell declared hosts from hosts reached only through a wildcard', () => {
    const manifest = parse(
      promptInput({
        permissions: { network: ['api.acme.dev', '*.cdn.dev'], tools: ['http.fetch'] },
      }),
    );
    expect(reach(manifest, 'api.acme.dev')).toBe('declared');
    expect(reach(manifest, 'x.cdn.dev')).toBe('wildcard');
    expect(reach(manifest, 'other.dev')).toBe('no');
  });
});
