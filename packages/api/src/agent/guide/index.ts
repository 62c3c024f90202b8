/** CapeAI Guide: answers questions about CapeControl from the knowledge base. */
export { guideAgent } from './guide-agent';
export { resolveQuestion, type ResolvedQuestion } from './query';
