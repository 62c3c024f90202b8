import { Fragment, useMemo, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from '../lib/markdown';

export interface CitationLink {
  href: string;
  /** Read by screen readers: "Source 2: Publishing agents". */
  label: string;
}

/**
 * An agent's Markdown answer as elements (never HTML). `[n]` markers become links to the
 * numbered sources when `citation(n)` knows them, and stay plain text otherwise.
 */
export function RichText({
  text,
  citation,
  headingLevel,
}: {
  text: string;
  citation?: (index: number) => CitationLink | null;
  /**
   * Render Markdown headings as real headings, `#` at this level (a readme under an h2: 3).
   * Without it they stay emphasised paragraphs, as in an agent's answer inside a chat.
   */
  headingLevel?: number;
}) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return (
    <div className="rich-text">
      {blocks.map((block, index) => (
        <BlockView key={index} block={block} citation={citation} headingLevel={headingLevel} />
      ))}
    </div>
  );
}

type CitationResolver = ((index: number) => CitationLink | null) | undefined;

function BlockView({
  block,
  citation,
  headingLevel,
}: {
  block: Block;
  citation: CitationResolver;
  headingLevel: number | undefined;
}) {
  switch (block.type) {
    case 'paragraph':
      return <p>{inlines(block.children, citation)}</p>;
    case 'heading': {
      if (headingLevel === undefined)
        return <p className="rich-text__heading">{inlines(block.children, citation)}</p>;
      const level = Math.min(6, headingLevel + block.level - 1);
      const Heading = `h${level}` as 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
      return (
        <Heading className={`rich-text__heading rich-text__heading--${Math.min(block.level, 3)}`}>
          {inlines(block.children, citation)}
        </Heading>
      );
    }
    case 'list': {
      const items = block.items.map((item, index) => (
        <li key={index}>{inlines(item, citation)}</li>
      ));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'code':
      return (
        <pre className="code">
          <code>{block.text}</code>
        </pre>
      );
  }
}

function inlines(nodes: Inline[], citation: CitationResolver): ReactNode {
  return nodes.map((node, index) => <Fragment key={index}>{inline(node, citation)}</Fragment>);
}

function inline(node: Inline, citation: CitationResolver): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'code':
      return <code className="inline-code">{node.text}</code>;
    case 'strong':
      return <strong>{inlines(node.children, citation)}</strong>;
    case 'em':
      return <em>{inlines(node.children, citation)}</em>;
    case 'link':
      return (
        <a href={node.href} target="_blank" rel="noreferrer noopener">
          {inlines(node.children, citation)}
        </a>
      );
    case 'citation': {
      const target = citation?.(node.index);
      if (!target) return `[${node.index}]`;
      return (
        <a className="citation-marker" href={target.href} aria-label={target.label}>
          {node.index}
        </a>
      );
    }
  }
}
