import { stepsAgent } from '@capecontrol/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cape, collect, spawnCape, stdoutMatches } from './cape';
import { signedInUser, startTestServer, type TestServer } from './server';

let server: TestServer;
beforeAll(async () => {
  // test-steps streams `s<step>t<token>` tokens and can wait at a gate until it is cancelled.
  server = await startTestServer({ agents: [stepsAgent] });
});
afterAll(async () => {
  await server?.close();
});

const taskIdIn = (text: string) => /task ([0-9a-f-]{36})/.exec(text)?.[1] ?? '';

describe('cape run', () => {
  it('prints tokens in order and exits 0 on success', async () => {
    const user = await signedInUser(server.url, 'steps');
    const input = JSON.stringify({ steps: 2, tokens: 2 });
    const result = await cape(['run', 'test-steps', '--input-json', input], {
      configDir: user.configDir,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('s1t1 s1t2 s2t1 s2t2 \n');
    expect(result.stderr).toContain('▸ step-1 (llm)');
    expect(result.stderr).toContain('▸ step-2 (llm)');
    expect(result.stderr).toMatch(/✓ succeeded .*2 steps/);
  });

  it('exits 1 with the reason when the task fails', async () => {
    const user = await signedInUser(server.url, 'failing');
    const input = JSON.stringify({ steps: 2, tokens: 1, failAtStep: 2 });
    const result = await cape(['run', 'test-steps', '--input-json', input], {
      configDir: user.configDir,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('s1t1');
    expect(result.stderr).toMatch(/✗ failed/);
    const task = await user.client.task.get.query({ id: taskIdIn(result.stderr) });
    expect(task.status).toBe('failed');
  });

  it('prints events as JSON lines with --json, ending with the terminal event', async () => {
    const user = await signedInUser(server.url, 'json');
    const input = JSON.stringify({ steps: 1, tokens: 2 });
    const result = await cape(['run', 'test-steps', '--input-json', input, '--json'], {
      configDir: user.configDir,
    });
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; text?: string });
    expect(events.filter((event) => event.type === 'token').map((event) => event.text)).toEqual([
      's1t1 ',
      's1t2 ',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'terminal', status: 'succeeded' });
  });

  it('cancels the task on Ctrl-C, waits for the terminal event, and exits 130', async () => {
    const user = await signedInUser(server.url, 'cancel');
    // The agent emits its first token, then waits at a gate nobody opens: only a cancel ends it.
    const input = JSON.stringify({
      steps: 1,
      tokens: 3,
      gate: `cli-cancel-${user.userId}`,
      gateAtStep: 1,
    });
    const child = spawnCape(['run', 'test-steps', '--input-json', input], {
      configDir: user.configDir,
    });
    const finished = collect(child);
    await stdoutMatches(child, (text) => text.includes('s1t1'));
    child.kill('SIGINT');

    const result = await finished;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('Cancelling…');
    expect(result.stderr).toContain('■ cancelled');
    const [task] = (await user.client.task.list.query({ agent: 'test-steps' })).items;
    expect(task).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(taskIdIn(result.stderr)).toBe(task?.id);
  });

  it('needs an input (exit 2) and a signed-in user (exit 3)', async () => {
    const user = await signedInUser(server.url, 'no-input');
    const empty = await cape(['run', 'cape-ai-guide'], { configDir: user.configDir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('what should the agent do?');

    const anonymous = await cape(['run', 'cape-ai-guide', 'hello', '--url', server.url], {
      configDir: `${user.configDir}-elsewhere`,
    });
    expect(anonymous.code).toBe(3);
  });
});
