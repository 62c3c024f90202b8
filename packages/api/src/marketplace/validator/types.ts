import type { AdvisorySeverity, FindingSeverity, ValidationFinding } from '@capecontrol/schema';
import { findingCodes, type FindingCode } from './codes';

/**
 * What the validator needs to know about the registry: every version of an agent with its
 * dependencies and engines range. Synchronous on purpose: the publish procedure loads the
 * relevant rows first, and the validator stays pure and fast. Structurally the same as the
 * resolver's registry view.
 */
export interface RegistryView {
  versions(name: string): Array<{
    version: string;
    dependencies: Record<string, string>;
    enginesRange: string;
    yanked: boolean;
    deprecated?: string | null;
  }>;
}

export interface Advisory {
  id: string;
  /** The affected agent, `publisher/agent`. */
  name: string;
  /** Affected versions, a semver range. */
  range: string;
  severity: AdvisorySeverity;
  summary: string;
}

/** Run statistics of the agent's earlier versions, as the platform measured them. */
export interface ObservedRuns {
  runs: number;
  /** 0–1. */
  successRate: number;
  p50LatencyMs: number;
  avgTotalTokens: number;
}

export interface ValidationContext {
  /** The running CapeControl version. */
  platformVersion: string;
  /** Absent offline (`cape validate`): dependency checks are reported as skipped. */
  registry?: RegistryView;
  /** Names of the most-installed agents, for the typosquatting check. */
  popularNames?: string[];
  advisories?: Advisory[];
  observed?: ObservedRuns;
}

export type Finding = ValidationFinding;

/** A finding with the code's category and default severity (which `severity` overrides). */
export function finding(
  id: FindingCode,
  path: string,
  message: string,
  severity?: FindingSeverity,
): Finding {
  const code = findingCodes[id];
  return { id, category: code.category, severity: severity ?? code.severity, message, path };
}
