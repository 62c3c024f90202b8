export { validateManifest } from './validate';
export { canonicalJson, canonicalManifest, manifestDigest, sha256Hex } from './canonical';
export { allFindingCodes, findingCodes, type FindingCode } from './codes';
export { PERFORMANCE_WEIGHTS, performanceScore } from './performance';
export { enginesAllow } from './detectors/engines';
export { newestUsable } from './detectors/dependencies';
export type { Advisory, ObservedRuns, RegistryView, ValidationContext } from './types';
