import type { PlaybookStep, SpecialistPlan } from '@capecontrol/schema';

export type Risk = SpecialistPlan['risks'][number];
export type ResourceLink = SpecialistPlan['resources'][number];

export interface PlaybookStepSpec extends PlaybookStep {
  /**
   * Always part of the plan. Optional steps are kept only when the question touches them (or to
   * reach a minimum length), so a plan stays short and about the question.
   */
  core?: boolean;
  /** Extra words (synonyms, symptoms) that make this step relevant beyond its own text. */
  terms?: string;
}

/** A structured playbook for one domain × focus area; the offline engine tailors it per question. */
export interface Playbook {
  focusArea: string;
  /** The core advice in two or three sentences; the prose answer builds on it. */
  approach: string;
  /** In dependency order: later steps assume earlier ones are done. */
  steps: PlaybookStepSpec[];
  insights: string[];
  risks: Risk[];
  resources: ResourceLink[];
}
