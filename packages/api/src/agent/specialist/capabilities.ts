import { domains, specialistOutputSchema, type SpecialistCapabilities } from '@capecontrol/schema';
import { z } from 'zod';
import { domainCatalogue } from './domains';

let outputSchema: Record<string, unknown> | undefined;

/** The domains, their focus areas and the JSON Schema of the Specialist's output. */
export function specialistCapabilities(): SpecialistCapabilities {
  // `io: 'output'` describes what callers receive (defaults applied, objects closed); the schema
  // has no transforms, so input and output only differ in that. Computed once, copied per call
  // so a caller mutating its copy cannot change the next answer.
  outputSchema ??= z.toJSONSchema(specialistOutputSchema, { io: 'output' });
  return {
    domains: domains.map((domain) => {
      const info = domainCatalogue[domain];
      return {
        domain,
        title: info.title,
        description: info.description,
        focusAreas: info.focusAreas.map(({ id, title, description }) => ({
          id,
          title,
          description,
        })),
      };
    }),
    outputSchema: structuredClone(outputSchema),
  };
}
