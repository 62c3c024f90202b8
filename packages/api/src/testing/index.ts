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
