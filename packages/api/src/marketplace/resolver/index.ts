export { resolve, DEFAULT_DEADLINE_MS } from './resolve';
export {
  loadRegistryView,
  InMemoryRegistry,
  type FetchVersions,
  type LoadRegistryOptions,
} from './load-registry';
export type {
  FailureReason,
  RegistryVersion,
  RegistryView,
  ResolutionFailure,
  ResolutionResult,
  ResolutionStats,
  ResolutionSuccess,
  ResolveRequest,
  RootRequirement,
} from './types';
