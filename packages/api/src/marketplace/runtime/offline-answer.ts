import { chunkMarkdown } from '../../agent/knowledge/chunker';
import { splitSentences, termOverlap } from '../../agent/knowledge/snippet';
import { contentTerms, stripMarkdown, truncate } from '../../agent/knowledge/text';
import type { AgentManifest } from '@capecontrol/schema';

export interface ManifestPassage {
  index: number;
  documentSlug: string;
  title: string;
  section: string;
  content: string;
  snippet: string;
  score: number;
}

/**
 * Searches an agent's own knowledge documents (they ship inside its manifest, so this is an
 * in-memory ranking by shared content terms rather than a database index).
 */
export function searchManifestKnowledge(
  manifest: AgentManifest,
  query: string,
  limit = 3,
): ManifestPassage[] {
  const terms = contentTerms(query);
  if (terms.length === 0) return [];
  const scored = manifest.knowledge.flatMap((document, documentIndex) =>
    chunkMarkdown(document.title, document.body).map((chunk) => {
      const text = stripMarkdown(chunk.content);
      const overlap = termOverlap(`${chunk.heading} ${text}`, terms);
      const best = splitSentences(chunk.content)
        .map((sentence) => ({ sentence, score: termOverlap(sentence, terms) }))
        .sort((a, b) => b.score - a.score)[0];
      return {
        documentSlug: `${manifest.name}#${documentIndex + 1}`,
        title: document.title,
        section: chunk.heading,
        content: chunk.content,
        snippet: truncate(stripMarkdown(best?.sentence ?? text), 240),
        score: overlap / terms.length,
      };
    }),
  );
  return scored
    .filter((passage) => passage.score >= 0.34)
    .sort((a, b) => b.score - a.score || a.documentSlug.localeCompare(b.documentSlug))
    .slice(0, limit)
    .map((passage, index) => ({ ...passage, index: index + 1 }));
}

/**
 * What a marketplace prompt agent answers with no model configured: the passages of its own
 * knowledge that bear on the request, cited, then the key points of the request itself in its
 * own order — deterministic, and honest that no model wrote it.
 */
export function offlineAgentAnswer(
  manifest: AgentManifest,
  input: string,
  passages: ManifestPassage[],
): string {
  const lines: string[] = [
    `${manifest.displayName} is running offline (no language model is configured), so this answer is assembled from the agent's knowledge and your request rather than generated.`,
  ];
  if (passages.length > 0) {
    lines.push('', 'From its knowledge:');
    for (const passage of passages) lines.push(`- ${passage.snippet} [${passage.index}]`);
  }
  const terms = contentTerms(input);
  const sentences = splitSentences(input).map((sentence, position) => ({
    sentence: stripMarkdown(sentence).trim(),
    position,
    score: termOverlap(sentence, terms),
  }));
  const keep = Math.min(5, Math.max(1, Math.ceil(sentences.length / 3)));
  const key = [...sentences]
    .filter((entry) => entry.sentence.length > 0)
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, keep)
    .sort((a, b) => a.position - b.position);
  if (key.length > 0) {
    lines.push(
      '',
      sentences.length > keep
        ? `The key points of your request (${key.length} of ${sentences.length} sentences):`
        : 'Your request:',
    );
    for (const entry of key) lines.push(`- ${truncate(entry.sentence, 400)}`);
  }
  return lines.join('\n');
}
