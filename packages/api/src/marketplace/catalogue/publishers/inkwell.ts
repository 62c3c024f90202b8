import { defineAgent } from '../define';
import type { CataloguePublisher } from '../types';

const homepage = (agent: string) => `https://inkwell.example.com/agents/${agent}`;

const styleGuide = {
  title: 'House style guide',
  body: `# House style guide

## Plain language
Prefer short, common words: "use" not "utilise", "help" not "facilitate", "start" not "commence". Cut filler: "in order to" becomes "to", "at this point in time" becomes "now". Explain a technical term the first time it appears, or replace it.

## Sentences
Aim for an average of 15 to 20 words per sentence; break any sentence over 30 words. One idea per sentence. Put the main point at the start of the paragraph.

## Active voice
Say who does what: "The team shipped the feature" rather than "The feature was shipped". Use the passive only when the actor is unknown or unimportant.

## Voices
- **Plain**: neutral and direct, no exclamation marks.
- **Warm**: second person ("you"), contractions, one friendly line, still concise.
- **Authoritative**: confident statements backed by evidence, no hedging words such as "maybe" or "sort of".
- **Playful**: light wordplay and short sentences, never at the expense of clarity; avoid it for bad news.

## Editing passes
First structure (is the order right?), then paragraphs (one point each), then sentences (length, voice), then words (jargon, filler, repetition). Read the text aloud once: stumbles mark the sentences to fix.

## Quotations
Never change the words inside quotation marks; edit around them.`,
};

const toneEditor = defineAgent({
  name: 'inkwell/tone-editor',
  kind: 'prompt',
  displayName: 'Tone editor',
  description:
    'Edits a draft for clarity and a consistent voice: plain words, shorter sentences, active voice, with a list of what changed and why.',
  category: 'content',
  tags: ['editing', 'style', 'tone', 'plain-language'],
  license: 'CC-BY-4.0',
  homepage: homepage('tone-editor'),
  prompt: {
    system:
      'You are an editor. Rewrite the text in the house style: plain words, sentences of 15 to 20 words on average, active voice, the main point first. Keep the meaning, the facts and every quotation exactly. Preferred voice: {{config.voice}} (plain when empty). After the edited text, list the five most important changes and why you made them.',
    userTemplate: 'Edit this text:\n\n{{input}}',
    temperature: 0.4,
    maxTokens: 1600,
  },
  config: [
    {
      key: 'voice',
      label: 'Voice',
      type: 'select',
      options: ['plain', 'warm', 'authoritative', 'playful'],
      default: 'plain',
    },
  ],
  knowledge: [styleGuide],
  readme: `# Tone editor

Paste a draft and get it back edited in a consistent voice: plain words, shorter sentences,
active voice, the main point first. Quotations are never touched. A short list explains the most
important changes, so you learn the style as you go.

## Configuration
- **Voice**: plain (default), warm, authoritative or playful.`,
  sample:
    'Edit this in a warm voice with plain language and active voice: In order to facilitate the commencement of the onboarding process, it is recommended that the new account be utilised by the customer at this point in time.',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release.',
      changes: {
        config: [],
        prompt: {
          system:
            'You are an editor. Rewrite the text in plain language with active voice and shorter sentences, keeping its meaning and facts.',
          userTemplate: 'Edit this text:\n\n{{input}}',
          temperature: 0.4,
          maxTokens: 1200,
        },
      },
    },
    {
      version: '1.1.0',
      notes: 'Adds voices.',
      yanked:
        'Rewrote text inside quotation marks, changing what people were quoted as saying. Fixed in 1.2.0.',
      changes: {
        prompt: {
          system:
            'You are an editor. Rewrite the text in plain language with active voice and shorter sentences. Preferred voice: {{config.voice}}.',
          userTemplate: 'Edit this text:\n\n{{input}}',
          temperature: 0.5,
          maxTokens: 1200,
        },
      },
    },
    {
      version: '1.2.0',
      notes: 'Quotations are kept exactly; lists the changes made.',
      changes: {
        prompt: {
          system:
            'You are an editor. Rewrite the text in plain language with active voice and shorter sentences, keeping the meaning, the facts and every quotation exactly. Preferred voice: {{config.voice}}. Then list the main changes.',
          userTemplate: 'Edit this text:\n\n{{input}}',
          temperature: 0.4,
          maxTokens: 1400,
        },
      },
    },
    {
      version: '2.0.0',
      notes:
        'Breaking: follows the house style guide (sentence length targets, editing passes) and always explains its five most important changes.',
    },
  ],
});

const blogOutliner = defineAgent({
  name: 'inkwell/blog-outliner',
  kind: 'prompt',
  displayName: 'Blog outliner',
  description:
    'Turns a topic and an audience into a blog post outline: a working title, the hook, sections with key points and evidence, and a call to action.',
  category: 'content',
  tags: ['blogging', 'outlines', 'content-marketing', 'writing'],
  license: 'CC-BY-4.0',
  homepage: homepage('blog-outliner'),
  prompt: {
    system:
      'You outline blog posts. Give three working titles, the reader and the one thing they should take away, a hook for the opening paragraph, four to six sections with a heading, key points and the evidence or example each needs, and a closing call to action. Flag claims that need a source.',
    userTemplate: 'Outline a blog post about:\n\n{{input}}',
    temperature: 0.7,
    maxTokens: 1400,
  },
  knowledge: [
    {
      title: 'Blog post structure',
      body: `# Blog post structure

## One reader, one takeaway
Before outlining, write one sentence: "After reading, a [reader] will know/do [takeaway]." Every section must serve that sentence; cut the ones that do not.

## Hooks
Open with a problem the reader recognises, a surprising number, a short story or a bold claim you then support. Never open with a definition or with "In today's fast-paced world".

## Headings
Use headings a skimming reader can follow on their own: "Cut your build time with caching" beats "Caching". Four to six sections suit a 1,200 to 1,800 word post.

## Evidence
Each section needs something concrete: a number with its source, an example, a screenshot, a quote, a code sample. Claims without evidence read as opinion.

## Calls to action
End with one clear next step that matches the post: try the feature, read the guide, subscribe. One call to action, not three.

## Formats that work
How-to guides (steps), lists ("7 ways to…"), case studies (problem, approach, result), opinion pieces (claim, reasons, objections), and comparisons (criteria first, then options).`,
    },
  ],
  readme: `# Blog outliner

Give a topic and the audience; get a blog post outline: working titles, the hook, sections with
key points and the evidence each needs, and one call to action.`,
  sample:
    'Outline a how-to blog post for engineering managers about cutting CI build time with caching; include a hook, section headings and a call to action.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const seoOptimizer = defineAgent({
  name: 'inkwell/seo-optimizer',
  kind: 'prompt',
  displayName: 'SEO optimizer',
  description:
    'Suggests a title tag, meta description, URL slug, headings and internal links for a page, written for people first and search engines second.',
  category: 'content',
  tags: ['seo', 'metadata', 'content-marketing', 'search'],
  license: 'CC-BY-4.0',
  homepage: homepage('seo-optimizer'),
  prompt: {
    system:
      'You optimise pages for search without keyword stuffing. From the draft or outline, identify the main search intent and the primary keyword, then give: a title tag under 60 characters, a meta description under 155 characters, a short URL slug, an H1 and H2 structure, three internal link ideas with anchor text, and any missing questions the page should answer. Write for people first.',
    userTemplate: 'Page draft or outline:\n\n{{input}}',
    temperature: 0.4,
    maxTokens: 1000,
  },
  knowledge: [
    {
      title: 'On-page SEO',
      body: `# On-page SEO

## Search intent
Match what the searcher wants: to learn (guides), to compare (reviews, comparisons), to do (tools, sign-up pages) or to go somewhere (brand pages). A page that answers a different intent will not rank, whatever its keywords.

## Title tags
Under about 60 characters so it is not cut off in results; the primary keyword near the start; the brand at the end if there is room. Each page needs a unique title.

## Meta descriptions
Under about 155 characters; a summary that makes people click: the benefit, and a hint of what is on the page. Search engines may rewrite it, but a good one is often kept.

## URL slugs
Short, lowercase, words separated by hyphens, the keyword included, no dates or ids unless needed: /blog/ci-build-caching.

## Headings
One H1 that matches the title's promise. H2s for the main sections, phrased the way people search ("How to cache dependencies in CI").

## Internal links
Link to related pages with descriptive anchor text ("our guide to CI caching"), never "click here". Link new pages from older, well-visited ones.

## What to avoid
Keyword stuffing, thin pages that say little, duplicate content across URLs (use canonical links), and text hidden from readers.`,
    },
  ],
  readme: `# SEO optimizer

Paste a draft or an outline and get the on-page basics done well: title tag, meta description,
URL slug, heading structure, internal link ideas, and the questions the page still needs to
answer, all written for people first.`,
  sample:
    'Suggest a title tag, meta description and URL slug for a blog post about cutting CI build time with dependency caching; primary keyword: CI caching.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const socialPostWriter = defineAgent({
  name: 'inkwell/social-post-writer',
  kind: 'prompt',
  displayName: 'Social post writer',
  description:
    'Writes posts for LinkedIn, X, Mastodon and Bluesky from an announcement or an article, within each platform’s length and style.',
  category: 'content',
  tags: ['social-media', 'announcements', 'linkedin', 'copywriting'],
  license: 'CC-BY-4.0',
  homepage: homepage('social-post-writer'),
  prompt: {
    system:
      'You write social media posts. For each platform requested (LinkedIn, X, Mastodon, Bluesky; all four when none is named), write one post within its length limit, with a hook in the first line, one idea, a clear call to action and at most three hashtags. Never invent numbers, quotes or customer names.',
    userTemplate: 'Write social posts for:\n\n{{input}}',
    temperature: 0.8,
    maxTokens: 1000,
  },
  knowledge: [
    {
      title: 'Social platforms',
      body: `# Social platforms

## Length limits
X: 280 characters (links count as 23). Mastodon: 500 characters by default. Bluesky: 300 characters. LinkedIn: 3,000 characters, but only the first two or three lines show before "see more".

## Hooks
The first line decides whether anyone reads on: lead with the outcome for the reader ("Exports now include archived projects") or a number, not with "We are excited to announce".

## Release announcements
Say what changed and why it matters to the reader in one sentence, then one detail, then the link. On LinkedIn or X, write the post with a hook, one detail, a call to action and at most three hashtags. For a release with many changes, pick the one most people will care about and link to the full changelog.

## Hashtags
At most three, specific rather than generic (#postgres beats #tech). On LinkedIn put them at the end; on Mastodon use CamelCase (#OpenSource) for screen readers.

## Tone per platform
LinkedIn: professional, first person plural for a company, short paragraphs. X and Bluesky: direct and brief. Mastodon: informal and community-minded; avoid marketing language.`,
    },
  ],
  readme: `# Social post writer

Paste an announcement, a changelog or an article and get posts for LinkedIn, X, Mastodon and
Bluesky, each within its length limit, with a hook in the first line and at most three hashtags.`,
  sample:
    'Write a LinkedIn post and an X post announcing our release, with a hook, a call to action and at most three hashtags: exports now include archived projects.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const blogPipeline = defineAgent({
  name: 'inkwell/blog-pipeline',
  kind: 'workflow',
  displayName: 'Blog pipeline',
  description:
    'From topic to publish-ready plan: an outline, an edit of the draft opening in the house style, and the SEO metadata.',
  category: 'content',
  tags: ['blogging', 'editing', 'seo', 'workflow'],
  license: 'CC-BY-4.0',
  homepage: homepage('blog-pipeline'),
  dependencies: {
    'inkwell/blog-outliner': '^1.0.0',
    'inkwell/tone-editor': '^1.2.0',
    'inkwell/seo-optimizer': '^1.0.0',
  },
  workflow: {
    steps: [
      {
        id: 'outline',
        agent: 'inkwell/blog-outliner',
        input: '{{input}}',
        description: 'titles, hook, sections and call to action',
      },
      {
        id: 'edit',
        agent: 'inkwell/tone-editor',
        input: '{{steps.outline.output}}',
        description: 'the outline edited in the house style',
      },
      {
        id: 'seo',
        agent: 'inkwell/seo-optimizer',
        input: 'Topic: {{input}}\n\nOutline:\n{{steps.edit.output}}',
        description: 'title tag, meta description, slug and headings',
      },
    ],
  },
  readme: `# Blog pipeline

Give a topic and an audience. The outliner plans the post, the tone editor tightens it in the
house style, and the SEO optimizer writes the title tag, meta description, slug and headings.`,
  sample:
    'A how-to blog post for engineering managers about cutting CI build time with dependency caching.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const socialPipeline = defineAgent({
  name: 'inkwell/social-pipeline',
  kind: 'workflow',
  displayName: 'Social pipeline',
  description:
    'Drafts posts for every platform from an announcement, then polishes them with the tone editor.',
  category: 'content',
  tags: ['social-media', 'editing', 'announcements', 'workflow'],
  license: 'CC-BY-4.0',
  homepage: homepage('social-pipeline'),
  dependencies: {
    'inkwell/social-post-writer': '^1.0.0',
    'inkwell/tone-editor': '>=1.1.0 <3.0.0',
  },
  workflow: {
    steps: [
      {
        id: 'draft',
        agent: 'inkwell/social-post-writer',
        input: '{{input}}',
        description: 'a post per platform',
      },
      {
        id: 'polish',
        agent: 'inkwell/tone-editor',
        input: '{{steps.draft.output}}',
        description: 'the posts in a consistent voice',
      },
    ],
  },
  readme: `# Social pipeline

Paste an announcement. The social post writer drafts a post for each platform; the tone editor
polishes them into one consistent voice. Other workflows (such as CapeControl's release notes
pipeline) use it for their announcements.`,
  sample:
    'Announce our release: exports now include archived projects, and report dates use your own time zone.',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release.',
      changes: {
        dependencies: {
          'inkwell/social-post-writer': '^1.0.0',
          'inkwell/tone-editor': '^1.0.0',
        },
      },
    },
    { version: '1.1.0', notes: 'Accepts tone editor 2.x.' },
  ],
});

const contentStudio = defineAgent({
  name: 'inkwell/content-studio',
  kind: 'workflow',
  displayName: 'Content studio',
  description:
    'One brief, a whole campaign: a blog post plan with SEO metadata and matching social posts, all in the same house voice.',
  category: 'content',
  tags: ['content-marketing', 'campaigns', 'blogging', 'workflow'],
  license: 'CC-BY-4.0',
  homepage: homepage('content-studio'),
  dependencies: {
    'inkwell/blog-pipeline': '^1.0.0',
    'inkwell/social-pipeline': '^1.0.0',
  },
  workflow: {
    steps: [
      {
        id: 'blog',
        agent: 'inkwell/blog-pipeline',
        input: '{{input}}',
        description: 'outline, edit and SEO for the post',
      },
      {
        id: 'social',
        agent: 'inkwell/social-pipeline',
        input: 'Promote this blog post on social media:\n\n{{input}}\n\n{{steps.blog.output}}',
        description: 'posts promoting it',
      },
    ],
  },
  readme: `# Content studio

Describe a campaign topic and audience. The blog pipeline plans the post and its SEO; the social
pipeline writes posts promoting it. Both pipelines share the tone editor, so the installer
resolves one version of it that satisfies both (1.2.x today).`,
  sample:
    'A campaign for engineering managers about cutting CI build time with dependency caching.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const newsletterStudio = defineAgent({
  name: 'inkwell/newsletter-studio',
  kind: 'prompt',
  engines: { capecontrol: '>=2.0.0 <3.0.0' },
  displayName: 'Newsletter studio',
  description:
    'Assembles a weekly newsletter from links and notes, with sections, blurbs and subject line tests. Needs CapeControl 2.',
  category: 'content',
  tags: ['newsletters', 'email', 'curation'],
  license: 'CC-BY-4.0',
  homepage: homepage('newsletter-studio'),
  prompt: {
    system:
      'You assemble newsletters: a subject line with two alternatives to test, a two-sentence intro, three to five sections with a short blurb per item, and a sign-off.',
    userTemplate: 'Links and notes for this issue:\n\n{{input}}',
    temperature: 0.7,
    maxTokens: 1600,
  },
  knowledge: [
    {
      title: 'Newsletter craft',
      body: `# Newsletter craft

## Subject lines
Specific beats clever: say what is inside. Test two subject lines on a small share of the list before sending to everyone.

## Blurbs
Two or three sentences per item: what it is and why this reader should care.

## Rhythm
Same day, same time, same structure every issue: readers build a habit.`,
    },
  ],
  readme: `# Newsletter studio

Assembles a weekly newsletter from your links and notes.

**Requires CapeControl 2.0 or later** (it uses the scheduled-delivery features of that
release), so it is hidden from the "compatible" filter on this version.`,
  sample: 'Build this week’s newsletter subject line and blurbs from these links.',
  versions: [{ version: '1.0.0', notes: 'First release, for CapeControl 2.' }],
});

export const inkwell: CataloguePublisher = {
  scope: 'inkwell',
  displayName: 'Inkwell Studio',
  verified: false,
  agents: [
    toneEditor,
    blogOutliner,
    seoOptimizer,
    socialPostWriter,
    blogPipeline,
    socialPipeline,
    contentStudio,
    newsletterStudio,
  ],
};
