import type { Domain } from '@capecontrol/schema';
import type { ResourceLink, Risk } from '../playbooks/types';

/**
 * Something a question can mention (a vendor, a standard, a mechanism) and what the Specialist
 * knows about it. Matched entities make an offline plan specific to the question: their facts
 * lead the answer and the insights.
 */
export interface EntitySpec {
  id: string;
  /** Where its facts apply (a word like "version" means different things per domain); all if absent. */
  domains?: Domain[];
  /** Focus areas where its facts lead the answer; elsewhere they follow the ones that fit. */
  focusAreas?: string[];
  /** Comma-separated words or phrases that mention it, normalised like questions. */
  match: string;
  insight: string;
  /** A direct-answer sentence; the answer opens with those of the first two matched entities. */
  answer?: string;
  risk?: Risk;
  resource?: ResourceLink;
}
