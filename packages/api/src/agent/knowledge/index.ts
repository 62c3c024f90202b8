/** The knowledge base: shipped documentation, admin-managed documents and passage search. */
export { chunkMarkdown, type KnowledgeChunk } from './chunker';
export {
  deleteDocument,
  getDocument,
  listDocuments,
  restoreBuiltinDocument,
  upsertDocument,
  type AdminChangeOptions,
} from './documents';
export { searchKnowledge, type KnowledgePassage, type SearchOptions } from './search';
export { documentSections, documentTitles, knowledgeStats, type SectionHeading } from './sections';
export { seedBuiltinKnowledge, type SeedResult } from './seed';
