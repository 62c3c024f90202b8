import { manifestNameSchema } from '@capecontrol/schema';
import { UsageError } from './errors';

export interface AgentSpec {
  name: string;
  /** An exact version or a semver range, when given as `name@version`. */
  version: string | undefined;
}

/** `publisher/agent` or `publisher/agent@1.2.0` (or `@^1.2`). */
export function parseAgentSpec(command: string, spec: string): AgentSpec {
  const at = spec.lastIndexOf('@');
  const name = at > 0 ? spec.slice(0, at) : spec;
  const version = at > 0 ? spec.slice(at + 1) : undefined;
  if (!manifestNameSchema.safeParse(name).success) {
    throw new UsageError(
      `cape ${command}: "${spec}" is not an agent name.`,
      'Agent names look like publisher/agent, e.g. acme/release-notes (optionally @1.2.0).',
    );
  }
  if (version === '') throw new UsageError(`cape ${command}: give a version after "@".`);
  return { name, version };
}
