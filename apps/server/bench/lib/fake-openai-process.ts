/**
 * The fake OpenAI-compatible server of the first-token benchmark, in a process of its own: a
 * real model provider answers from another machine, so the platform's own work while a model
 * call is in flight (the subscriber's reads, the create's reply) must not delay the answer the
 * way it would if both shared one event loop. Both the baseline and the platform call it.
 *
 * Child: started with `fork`, it reports `{ type: 'ready', baseURL }` and answers
 * `{ type: 'last-request' }` with the body of the latest chat request.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeOpenAi } from '@capecontrol/api/testing';
import { nextMessage } from './child-messages';

type FromChild = { type: 'ready'; baseURL: string } | { type: 'last-request'; body: unknown };

export interface FakeOpenAiProcess {
  baseURL: string;
  /** The body of the latest chat-completions request the server received. */
  lastRequestBody(): Promise<unknown>;
  close(): Promise<void>;
}

export async function startFakeOpenAiProcess(): Promise<FakeOpenAiProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['--child'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends FromChild['type']>(type: T) =>
    nextMessage<FromChild, T>(child, type, 'fake OpenAI server');
  const { baseURL } = await next('ready');
  return {
    baseURL,
    async lastRequestBody() {
      const reply = next('last-request');
      child.send({ type: 'last-request' });
      return (await reply).body;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}

if (process.argv.includes('--child')) {
  const fake = await startFakeOpenAi();
  process.on('message', (message: { type: string }) => {
    if (message.type === 'last-request')
      process.send?.({ type: 'last-request', body: fake.requests.at(-1)?.body ?? null });
  });
  process.on('disconnect', () => void fake.close().then(() => process.exit(0)));
  process.send?.({ type: 'ready', baseURL: fake.baseURL });
}
