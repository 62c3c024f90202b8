/** Test and benchmark helpers (not part of the runtime API). */
export {
  createTestHarness,
  callerFor,
  testRequest,
  TestClock,
  type TestHarness,
  type TestHarnessOptions,
} from './harness';
export { noopAgent, openGate, reached, stepExecutions, stepsAgent } from './test-agents';
export {
  startFakeOpenAi,
  type FakeOpenAi,
  type FakeOpenAiOptions,
  type FakeScenario,
} from '../agent/llm/testing/fake-openai-server';
/** The real procedure builders, for benchmark and test routers that sit beside the app's. */
export { publicProcedure, router } from '../trpc';
/** A small seeded random number generator, for reproducible tests, benchmarks and chaos runs. */
export { mulberry32 } from '../marketplace/resolver/testing/bench-registry';
