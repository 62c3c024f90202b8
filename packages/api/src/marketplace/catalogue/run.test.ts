import { CAPECONTROL_VERSION, type ManifestConfigField } from '@capecontrol/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskWorker } from '../../task/worker';
import {
  createTestHarness,
  signUpCaller,
  type TestHarness,
  taskTranscript,
} from '../../testing/harness';
import { enginesAllow } from '../validator';
import { catalogue } from './catalogue';
import type { CatalogueAgent } from './types';

let harness: TestHarness;
let worker: TaskWorker;

beforeAll(async () => {
  harness = await createTestHarness({
    rateLimits: {
      loginPerIp: { points: 1_000, durationSeconds: 60 },
      loginFailuresPerAccount: { points: 10, durationSeconds: 60 },
      registerPerIp: { points: 1_000, durationSeconds: 60 },
    },
  });
  worker = new TaskWorker({
    db: harness.database.db,
    runtime: harness.services.tasks,
    logger: harness.services.logger,
  });
  await worker.start();
});
afterAll(async () => {
  await worker.stop(1_000);
  await harness.close();
});

const runnable = catalogue
  .flatMap((publisher) => publisher.agents)
  .filter((agent) =>
    enginesAllow(agent.versions.at(-1)?.manifest.engines.capecontrol ?? '', CAPECONTROL_VERSION),
  );

/** What a person would fill in: required fields without a default get a plausible value. */
function configFor(
  fields: readonly ManifestConfigField[],
): Record<string, string | number | boolean> {
  const config: Record<string, string | number | boolean> = {};
  for (const field of fields) {
    if (!field.required || (field.default !== undefined && !field.secret)) continue;
    if (field.type === 'select') config[field.key] = field.options?.[0] ?? '';
    else if (field.type === 'number') config[field.key] = 1;
    else if (field.type === 'boolean') config[field.key] = true;
    else config[field.key] = field.secret ? 'catalogue-test-credential' : `test ${field.label}`;
  }
  return config;
}

type Caller = Awaited<ReturnType<typeof signUp>>;

async function signUp(email: string) {
  return (await signUpCaller(harness, email, 'Catalogue tester')).caller;
}

/** Installs the agent as a new user would, after reading the plan. */
async function install(agent: CatalogueAgent, caller: Caller) {
  const plan = await caller.marketplace.agents.installPlan({ name: agent.name });
  expect(plan.ok, `${agent.name}: ${plan.explanation ?? ''}`).toBe(true);
  const detail = await caller.marketplace.agents.get({ name: agent.name });
  await caller.marketplace.agents.install({
    name: agent.name,
    acceptPermissions: true,
    config: configFor(detail.config),
  });
  return { agent, caller, plan, detail };
}

/** Runs the agent's example request as a task and waits for its terminal event. */
async function run({ agent, caller }: Awaited<ReturnType<typeof install>>) {
  const task = await caller.task.create({ agent: agent.name, input: { input: agent.sample } });
  const events = await taskTranscript(harness, task.id);
  return { events, stored: await caller.task.get({ id: task.id }) };
}

describe('every catalogue agent', () => {
  it('installs with its dependencies and runs to a useful answer on the offline engine', async () => {
    let started = performance.now();
    const callers = await Promise.all(
      runnable.map((agent) => signUp(`${agent.name.replace('/', '.')}@example.com`)),
    );
    // One after the other: concurrent installs that share dependencies can deadlock on
    // Postgres (installer.ts bumps agents.install_count in plan order, not in a fixed order).
    const installed = [];
    for (const [index, agent] of runnable.entries()) {
      installed.push(await install(agent, callers[index] as Caller));
    }
    const installMs = Math.round(performance.now() - started);
    started = performance.now();
    const runs = await Promise.all(
      installed.map(async (entry) => ({ ...entry, ...(await run(entry)) })),
    );
    console.info(
      `${runs.length} agents: signed up and installed in ${installMs} ms, ran in ${Math.round(performance.now() - started)} ms`,
    );
    for (const { agent, events, stored, detail, plan } of runs) {
      expect(events.at(-1), agent.name).toMatchObject({ type: 'terminal', status: 'succeeded' });
      const output = stored.output as { answer: string; steps: Record<string, string> };
      expect(output.answer.length, agent.name).toBeGreaterThan(200);
      if (agent.kind === 'prompt') {
        // An answer built from the agent's own knowledge, not only an echo of the request.
        expect(output.answer, agent.name).toContain('From its knowledge:');
        expect(
          events.some((event) => event.type === 'citation'),
          agent.name,
        ).toBe(true);
      } else {
        const steps = Object.keys(detail.dependencies);
        expect(plan.changes.length, agent.name).toBeGreaterThan(steps.length);
        expect(stored.steps.filter((step) => step.kind === 'agent_call').length, agent.name).toBe(
          Object.keys(output.steps).length,
        );
        expect(
          Object.values(output.steps).every((text) => text.length > 100),
          agent.name,
        ).toBe(true);
      }
    }
    expect(runs.filter((run) => run.agent.kind === 'workflow').length).toBeGreaterThanOrEqual(4);
  }, 180_000);

  it('refuses to install the agent built for CapeControl 2', async () => {
    const caller = await signUp('future@example.com');
    const plan = await caller.marketplace.agents.installPlan({ name: 'inkwell/newsletter-studio' });
    expect(plan.ok).toBe(false);
  });
});
