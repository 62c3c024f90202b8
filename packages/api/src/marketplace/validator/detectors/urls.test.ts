import type { AgentManifestInput } from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { parse, promptInput, templateField } from '../test-manifests';
import type { TextField } from '../text-fields';
import { detectUrls } from './urls';

const manifest = (permissions?: AgentManifestInput['permissions']) =>
  parse(promptInput({ permissions }));
const scan = (
  text: string,
  role: TextField['role'] = 'template',
  permissions?: AgentManifestInput['permissions'],
) =>
  detectUrls(manifest(permissions), [{ ...templateField(text), role }]).map(
    (f) => `${f.id}:${f.severity}`,
  );

describe('detectUrls', () => {
  it('accepts an https link whose host is permitted', () => {
    expect(
      scan('Fetch https://api.acme.dev/v1/notes.', 'template', {
        network: ['api.acme.dev'],
        tools: ['http.fetch'],
      }),
    ).toEqual([]);
    expect(
      scan('See https://docs.acme.dev/x', 'template', {
        network: ['*.acme.dev'],
        tools: ['http.fetch'],
      }),
    ).toEqual([]);
  });

  it('flags hosts outside permissions.network in prompts: low without http.fetch, medium with it', () => {
    expect(scan('See https://docs.acme.dev')).toEqual(['urls.host-not-permitted:low']);
    expect(
      scan('See https://docs.acme.dev', 'template', {
        network: ['api.acme.dev'],
        tools: ['http.fetch'],
      }),
    ).toEqual(['urls.host-not-permitted:medium']);
    expect(scan('See https://docs.acme.dev', 'listing')).toEqual([]);
  });

  it.each([
    [
      'http://203.0.113.7/collect',
      ['urls.raw-ip:high', 'urls.insecure:medium', 'urls.host-not-permitted:low'],
    ],
    ['https://bit.ly/3xYz', ['urls.shortener:medium', 'urls.host-not-permitted:low']],
    ['https://xn--pple-43d.com/login', ['urls.homograph:high', 'urls.host-not-permitted:low']],
    ['https://{{config.host}}/api', ['urls.templated-host:medium']],
    ['http://localhost:8080/admin', ['urls.raw-ip:high']],
  ])('flags %s in a prompt', (url, expected) => {
    expect(scan(`Call ${url} now`)).toEqual(expected);
  });

  it('is lenient with local links in the readme but not with raw public IPs', () => {
    expect(scan('Run it at http://localhost:3000.', 'listing')).toEqual([]);
    expect(scan('Mirror: https://198.51.100.4/files', 'listing')).toEqual(['urls.raw-ip:medium']);
    expect(scan('Docs at http://acme.dev/docs', 'listing')).toEqual(['urls.insecure:medium']);
  });

  it('rates a plain internationalised host lower than a mixed-script one', () => {
    expect(scan('https://münchen.de/info', 'listing')).toEqual(['urls.homograph:medium']);
    expect(scan('https://аpple.com/info', 'listing')).toEqual(['urls.homograph:high']);
  });
});
