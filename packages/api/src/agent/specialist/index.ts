export { specialistAgent, answerChunks } from './agent';
export { specialistCapabilities, specialistCapabilities as capabilities } from './capabilities';
export { composeOfflinePlan, type PlanDetection } from './compose';
export { detectDomain, toDomainDetection, LOW_CONFIDENCE, type DetectionResult } from './detect';
export { domainCatalogue, focusAreaOf, type DomainInfo, type FocusAreaInfo } from './domains';
export { playbookFor, playbooks, type Playbook } from './playbooks';
