import { defineAgent } from '../define';
import type { CataloguePublisher } from '../types';

const homepage = (agent: string) => `https://capecontrol.dev/marketplace/capecontrol/${agent}`;
const repository = 'https://github.com/capecontrol/agents';

const meetingMinutes = defineAgent({
  name: 'capecontrol/meeting-minutes',
  kind: 'prompt',
  displayName: 'Meeting minutes',
  description:
    'Turns raw meeting notes or a transcript into minutes: decisions, action items with owners and due dates, and open questions.',
  category: 'productivity',
  tags: ['meetings', 'minutes', 'action-items', 'notes'],
  license: 'Apache-2.0',
  homepage: homepage('meeting-minutes'),
  repository,
  prompt: {
    system:
      'You write meeting minutes. From the notes you are given, list the decisions first, then the action items (one owner and a due date each; write "owner needed" or "date needed" when the notes do not say), then open questions and parked topics. Quote numbers, names and dates exactly as written. Never invent an owner, a date or a decision. Output format: {{config.format}}.',
    userTemplate: 'Meeting notes:\n\n{{input}}',
    temperature: 0.2,
    maxTokens: 1200,
  },
  config: [
    {
      key: 'format',
      label: 'Output format',
      type: 'select',
      options: ['bullets', 'table'],
      default: 'bullets',
      description: 'Bulleted sections, or one table of action items after the decisions.',
    },
  ],
  knowledge: [
    {
      title: 'How to write minutes',
      body: `# How to write minutes

## Decisions come first
A decision is something the group agreed in the meeting and will not revisit without new information. When the notes say "we decided to move the launch to May 12", the minutes say "The launch moves to May 12" with the reason, if the notes give one. Write each decision as one sentence. Readers who skim the minutes read only this section, so it goes at the top.

## Action items
Every action item has exactly one owner, a verb and a due date: "Priya drafts the launch announcement by Friday". Two owners means nobody owns it; pick the person who will report back. When the notes name no owner or no date, keep the item and mark it "owner needed" or "date needed" so the gap is visible rather than silently filled.

## Open questions
Questions that were raised but not answered go in their own list, each with the person expected to find the answer if one was named. An open question with a deadline is really an action item: move it.

## Parking lot
Topics deliberately postponed ("let's discuss hiring next week") go in a parking lot so they are not lost. Keep them short; they are reminders, not minutes.

## Tone and length
Minutes record outcomes, not the conversation. Drop who said what unless it matters for accountability. A one-hour meeting rarely needs more than a page. Use the names and figures exactly as written in the notes.`,
    },
    {
      title: 'Minutes checklist',
      body: `# Minutes checklist

## Before sending
- Date, attendees and the meeting's purpose are at the top.
- Every action item has one owner and one due date, or is marked as missing them.
- Decisions are phrased so someone absent can act on them.
- Numbers, names and dates are copied exactly from the notes.

## Follow-up
Send the minutes within a day, while people still remember. Ask attendees to correct mistakes by replying, and start the next meeting by reviewing open action items.`,
    },
  ],
  readme: `# Meeting minutes

Paste your meeting notes or a transcript and get minutes people actually read: decisions at the
top, then action items with one owner and a due date each, then open questions.

## What you get
- **Decisions**, one sentence each.
- **Action items** with owner and due date; gaps are marked ("owner needed") instead of guessed.
- **Open questions** and a **parking lot** for postponed topics.

## Configuration
- **Output format**: bullets (default) or a table of action items.

Nothing leaves the platform: the agent has no network access.`,
  sample:
    'Write minutes from these meeting notes: we decided to move the launch to May 12. Priya will draft the announcement by Friday. Open question: who owns the legal review?',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release: decisions, action items and open questions.',
      changes: {
        config: [],
        prompt: {
          system:
            'You write meeting minutes. From the notes you are given, list the decisions first, then the action items (one owner and a due date each), then open questions. Never invent an owner, a date or a decision.',
          userTemplate: 'Meeting notes:\n\n{{input}}',
          temperature: 0.2,
          maxTokens: 1000,
        },
      },
    },
    {
      version: '1.1.0',
      notes: 'Adds the output format setting (bullets or table) and a parking lot section.',
    },
  ],
});

const emailDrafter = defineAgent({
  name: 'capecontrol/email-drafter',
  kind: 'prompt',
  displayName: 'Email drafter',
  description:
    'Drafts clear work emails from a few bullet points: a subject line that says what is needed, a direct opening and one clear request.',
  category: 'productivity',
  tags: ['email', 'writing', 'communication'],
  license: 'Apache-2.0',
  homepage: homepage('email-drafter'),
  repository,
  prompt: {
    system:
      'You draft work emails. Write a subject line that states the purpose, open with the request or the news in the first sentence, keep paragraphs to three sentences, and end with one clear next step. Tone: {{config.tone}}. Do not add facts that are not in the request.',
    userTemplate:
      'Draft an email from these points:\n\n{{input}}\n\nSign it as: {{config.signature}}',
    temperature: 0.5,
    maxTokens: 800,
  },
  config: [
    {
      key: 'tone',
      label: 'Tone',
      type: 'select',
      options: ['friendly', 'formal', 'concise'],
      default: 'friendly',
    },
    {
      key: 'signature',
      label: 'Signature',
      type: 'string',
      default: 'Best regards',
      description: 'How the email is signed, e.g. your name and role.',
    },
  ],
  knowledge: [
    {
      title: 'Writing work email',
      body: `# Writing work email

## Subject lines
A subject line says what the reader must do or know: "Approval needed: Q3 travel budget by Thursday" beats "Budget". Put the action and the deadline in the subject when there is one. Keep it under about 60 characters so it is not cut off on phones.

## The first sentence
Lead with the request or the news. Context comes second. "Could you approve the Q3 travel budget by Thursday? The total is 12,400, within the plan." The reader decides in the first line whether to act now.

## One email, one request
An email that asks three things gets one answered. Split unrelated requests into separate emails, or number them so each can be answered.

## Following up
Follow up after two or three working days. Quote the original request in one line, restate the deadline, and make it easy to answer: "A yes or no is enough."

## Declining politely
Say no in the first sentence, give the reason briefly, and offer an alternative when you have one: "I can't take the workshop on the 14th; I could do the 21st, or Sam could run it."

## Tone
Friendly: first names, contractions, a short warm line. Formal: full sentences, no contractions, titles where customary. Concise: no greeting line beyond the name, bullet points, no sign-off pleasantries.`,
    },
  ],
  readme: `# Email drafter

Give it a few bullet points; get a ready-to-send work email with a subject line that says what
you need, a direct first sentence and one clear next step.

## Configuration
- **Tone**: friendly (default), formal or concise.
- **Signature**: how the email is signed.

It drafts only: nothing is sent anywhere.`,
  sample:
    'Ask the finance team to approve the Q3 travel budget by Thursday. Total is 12,400, within plan. Follow up politely because the first request got no answer.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const briefWriter = defineAgent({
  name: 'capecontrol/brief-writer',
  kind: 'prompt',
  displayName: 'Executive brief writer',
  description:
    'Condenses long material into an executive brief: the bottom line first, three supporting points, risks and the decision needed.',
  category: 'productivity',
  tags: ['summaries', 'executive-brief', 'writing'],
  license: 'Apache-2.0',
  homepage: homepage('brief-writer'),
  repository,
  prompt: {
    system:
      'You write executive briefs. Start with the bottom line in one or two sentences. Then give at most three supporting points, each with the evidence behind it, then risks and unknowns, then the decision or action needed from the reader. Keep the whole brief under 250 words. Never add figures that are not in the material.',
    userTemplate: 'Write a brief of this material:\n\n{{input}}',
    temperature: 0.3,
    maxTokens: 900,
  },
  knowledge: [
    {
      title: 'Brief structure',
      body: `# Brief structure

## Bottom line up front
The first sentence of an executive brief answers "so what?": the conclusion, the recommendation or the decision needed. For example: "The onboarding pilot raised activation from 41% to 55%; we recommend rolling it out everywhere. Decision needed: approve the rollout budget." A reader who stops after one sentence should still know what matters. Everything after it supports it.

## Supporting points
Give at most three reasons, ordered by weight, each with its evidence: a figure, a source or an example. The pyramid principle: every point below must support the point above, and points at the same level must not overlap.

## Risks and unknowns
Say what could make the conclusion wrong and what is not yet known. A brief that hides uncertainty loses trust the first time it is wrong.

## The ask
End with what you need from the reader, by when: "Approve the pilot budget by the 30th" or "No action needed; for information."

## Length
One page at most; 150 to 250 words is typical. Cut adjectives, background the reader already knows and the history of how you got here.`,
    },
  ],
  readme: `# Executive brief writer

Paste a report, a long thread or research notes and get a one-page brief: the bottom line
first, three supporting points with their evidence, risks and unknowns, and the decision needed.

Other agents use it as their last step (research briefs, experiment reports, release briefs).`,
  sample:
    'Write an executive brief with the bottom line up front: the onboarding pilot raised activation from 41% to 55% and cut support tickets by a third, but enterprise customers still want a guided setup. What are the risks, and which decision do we need?',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release.',
      changes: {
        prompt: {
          system:
            'You write short summaries for busy readers: the main point first, then the details that support it.',
          userTemplate: 'Summarise:\n\n{{input}}',
          temperature: 0.3,
          maxTokens: 600,
        },
      },
    },
    {
      version: '1.1.0',
      notes: 'Adds risks and unknowns to every brief.',
      changes: {
        prompt: {
          system:
            'You write short summaries for busy readers: the main point first, then the details that support it, then risks and unknowns.',
          userTemplate: 'Summarise:\n\n{{input}}',
          temperature: 0.3,
          maxTokens: 700,
        },
      },
    },
    {
      version: '2.0.0',
      notes:
        'Breaking: the output is now a structured brief (bottom line, three points, risks, the ask) instead of a free summary.',
    },
  ],
});

const codeReviewer = defineAgent({
  name: 'capecontrol/code-reviewer',
  kind: 'prompt',
  displayName: 'Code reviewer',
  description:
    'Reviews a diff or a snippet like a careful senior engineer: correctness, error handling, tests, security and readability, with a severity on every comment.',
  category: 'development',
  tags: ['code-review', 'pull-requests', 'quality', 'security'],
  license: 'Apache-2.0',
  homepage: homepage('code-reviewer'),
  repository,
  prompt: {
    system:
      'You review code changes. Read the change as a whole first, then comment. Label every comment blocker, suggestion or nit. Blockers are bugs, security problems, data loss and missing tests for changed behaviour. Point to the line or the construct, say why it matters and propose a fix. Praise what is done well in one line at the end. Review only what you are shown; say so when context is missing.',
    userTemplate: 'Review this change (language: {{config.language}}):\n\n{{input}}',
    temperature: 0.2,
    maxTokens: 1500,
  },
  config: [
    {
      key: 'language',
      label: 'Main language',
      type: 'select',
      options: ['TypeScript', 'JavaScript', 'Python', 'Go', 'Java', 'Rust', 'other'],
      default: 'TypeScript',
    },
  ],
  knowledge: [
    {
      title: 'Review checklist',
      body: `# Review checklist

## Correctness
Does the change do what its description says, for every input? Look at boundaries: empty lists, zero, negative numbers, null or undefined, very large inputs, unicode text, time zones and daylight saving. Check off-by-one errors in loops and slices.

## Error handling
Every call that can fail (network, disk, parsing, database) either handles the failure or lets it propagate on purpose. Swallowed errors, empty catch blocks that swallow errors, and errors logged but not acted on are blockers when they hide data loss. Retries need a limit and backoff.

## Tests
Changed behaviour needs a test that would fail without the change. A bug fix comes with the test that reproduces the bug. Tests should not depend on wall-clock time, on ordering of unordered data or on each other's leftovers.

## Security
Look for SQL built by string concatenation, unescaped output in HTML, paths built from user input, secrets in code or logs, missing authorization checks on new endpoints, and unsafe deserialisation. Any of these is a blocker.

## Performance
Queries inside loops (the N+1 pattern: one SQL query per id or per row, run in a loop), unbounded lists loaded into memory, missing indexes for new query shapes and synchronous work on a hot path. Ask for a measurement before asking for an optimisation.

## Readability
Names say what a thing is; functions do one thing; comments explain why, not what. Dead code and commented-out code go.`,
    },
    {
      title: 'Comment etiquette',
      body: `# Comment etiquette

## Severity labels
- **blocker**: must change before merging: bugs, security, data loss, missing tests.
- **suggestion**: would make the code better; the author decides.
- **nit**: style or taste; never blocks.

## How to phrase a comment
Name the line, say what you see, why it matters and what you would do: "blocker: \`parseInt(input)\` without a radix treats "08" differently across engines; use \`Number(input)\` and check \`Number.isInteger\`." Ask questions when you are unsure instead of asserting.

## Scope
Review the change, not the whole file. Pre-existing problems go in a separate issue unless the change makes them worse.`,
    },
  ],
  readme: `# Code reviewer

Paste a diff, a pull request description with its changes, or a snippet. You get a review in
the order a careful senior engineer would give it, each comment labelled **blocker**,
**suggestion** or **nit**.

## What it checks
Correctness at the boundaries, error handling, tests for changed behaviour, security (injection,
authorization, secrets), performance traps such as N+1 queries, and readability.

## Configuration
- **Main language**: tunes the idioms it expects (default TypeScript).`,
  sample:
    'Review this change: it runs one SQL query per id inside a loop, builds the query by string concatenation, and swallows errors in an empty catch block.',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release: correctness, tests and readability.',
      changes: {
        config: [],
        prompt: {
          system:
            'You review code changes for correctness, tests and readability. Point to the line, say why it matters and propose a fix.',
          userTemplate: 'Review this change:\n\n{{input}}',
          temperature: 0.2,
          maxTokens: 1200,
        },
      },
      deprecated:
        'Superseded by 2.x, which adds a security pass and severity labels on every comment. 1.0.0 receives no fixes.',
    },
    {
      version: '1.1.0',
      notes: 'Adds the language setting and the error-handling checks.',
      changes: {
        prompt: {
          system:
            'You review code changes for correctness, error handling, tests and readability. Point to the line, say why it matters and propose a fix.',
          userTemplate: 'Review this change (language: {{config.language}}):\n\n{{input}}',
          temperature: 0.2,
          maxTokens: 1200,
        },
      },
    },
    {
      version: '2.0.0',
      notes:
        'Breaking: every comment now carries a severity (blocker, suggestion, nit); adds security and performance passes.',
    },
  ],
});

const changelogWriter = defineAgent({
  name: 'capecontrol/changelog-writer',
  kind: 'prompt',
  displayName: 'Changelog writer',
  description:
    'Turns merged pull requests or commit messages into a Keep a Changelog entry, grouped as Added, Changed, Fixed, Removed and Security, with the semver bump it implies.',
  category: 'development',
  tags: ['changelog', 'releases', 'semver', 'git'],
  license: 'MIT',
  homepage: homepage('changelog-writer'),
  repository,
  prompt: {
    system:
      'You write changelog entries in the Keep a Changelog format. Group changes under Added, Changed, Deprecated, Removed, Fixed and Security, written for users rather than developers. Drop internal refactors, CI changes and dependency bumps without user impact. Say which semver bump the changes imply (major, minor or patch) and why. Put breaking changes first, marked BREAKING, with a migration hint.',
    userTemplate: 'Changes since the last release:\n\n{{input}}',
    temperature: 0.2,
    maxTokens: 1200,
  },
  knowledge: [
    {
      title: 'Keep a Changelog and semver',
      body: `# Keep a Changelog and semver

## Sections
- **Added** for new features.
- **Changed** for changes in existing behaviour.
- **Deprecated** for features that will be removed.
- **Removed** for features removed in this release.
- **Fixed** for bug fixes.
- **Security** for vulnerabilities fixed; link the advisory.

## Writing entries
Write for the user of the software, not its developers: "Exports now include archived projects" rather than "refactor export query". One line per change, starting with a verb in the past tense or a noun phrase. Reference the issue or pull request number.

## What to leave out
Internal refactors, test changes, CI configuration and dependency updates that change nothing a user can see. If a dependency update fixes a vulnerability, it goes under Security.

## Choosing the version bump
Semantic versioning: a **major** version bump for any breaking change (removed or renamed options, changed defaults, different output format), a **minor** bump for new backwards-compatible features, a **patch** bump for backwards-compatible bug fixes only. Before 1.0.0, breaking changes bump the minor version. For example: renaming a command-line flag is a breaking change (major); exporting archived projects is a new feature (minor); fixing report dates shown in the wrong time zone is a patch.

## Breaking changes
List them first, marked BREAKING, each with what to do: "BREAKING: the \`--json\` flag was renamed \`--format json\`; update your scripts."

## Unreleased
Keep an Unreleased section at the top and move its entries under a version heading with the release date (YYYY-MM-DD) when you release.`,
    },
  ],
  readme: `# Changelog writer

Paste merged pull request titles, commit messages or a \`git log --oneline\`; get a changelog
entry in the Keep a Changelog format and the semantic version bump it implies.

## What you get
- Entries grouped under Added, Changed, Deprecated, Removed, Fixed and Security.
- Breaking changes first, each with a migration hint.
- Internal noise (refactors, CI, invisible dependency bumps) left out.`,
  sample:
    'Which semver version bump do these changes need? feat: export archived projects to CSV (#412); fix: report dates used the server time zone (#415); chore: bump eslint; feat!: rename the --json flag (#420)',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release.',
      changes: {
        prompt: {
          system:
            'You write changelog entries in the Keep a Changelog format, grouped under Added, Changed, Deprecated, Removed, Fixed and Security, for users rather than developers.',
          userTemplate: 'Changes since the last release:\n\n{{input}}',
          temperature: 0.2,
          maxTokens: 1000,
        },
      },
    },
    { version: '1.1.0', notes: 'Suggests the semver bump and lists breaking changes first.' },
  ],
});

const regexExplainer = defineAgent({
  name: 'capecontrol/regex-explainer',
  kind: 'prompt',
  displayName: 'Regex explainer',
  description:
    'Explains a regular expression piece by piece, writes one from a description, and warns about catastrophic backtracking and engine differences.',
  category: 'development',
  tags: ['regex', 'regular-expressions', 'debugging'],
  license: 'MIT',
  homepage: homepage('regex-explainer'),
  repository,
  prompt: {
    system:
      'You explain and write regular expressions. When given a pattern, break it into its parts in order and say what each matches, then give two strings that match and two that do not. When asked to write one, state the assumptions, give the pattern, and explain it the same way. Always mention which flags are needed and flag nested quantifiers that can backtrack catastrophically.',
    userTemplate: '{{input}}',
    temperature: 0.1,
    maxTokens: 900,
  },
  knowledge: [
    {
      title: 'Regular expression reference',
      body: `# Regular expression reference

## Anchors
\`^\` matches at the start and \`$\` at the end of the input (of each line with the multiline flag \`m\`). \`\\b\` is a word boundary. Without anchors, a pattern matches anywhere inside the text: validation patterns almost always need both anchors.

## Character classes
\`[abc]\` one of the listed characters, \`[^abc]\` any other, \`[a-z]\` a range. \`\\d\` digit, \`\\w\` word character (letters, digits, underscore), \`\\s\` whitespace. \`.\` is any character except a newline unless the dotAll flag \`s\` is set.

## Quantifiers
\`*\` zero or more, \`+\` one or more, \`?\` zero or one, \`{2,5}\` between two and five. Quantifiers are greedy: they take as much as they can and give back on failure. Add \`?\` to make them lazy (\`.*?\`).

## Groups and lookarounds
\`(abc)\` captures, \`(?:abc)\` groups without capturing, \`(?<year>\\d{4})\` is a named group. Lookahead \`(?=...)\` and negative lookahead \`(?!...)\` test what follows without consuming it; lookbehind \`(?<=...)\` and \`(?<!...)\` test what precedes.

## Catastrophic backtracking
Nested quantifiers over overlapping alternatives, such as \`(a+)+\` or \`(\\w+\\s?)*$\`, can take exponential time on an input that almost matches. This is a denial-of-service risk (ReDoS) when the input comes from users. Fix it by making alternatives exclusive, removing the nesting, or using atomic groups or possessive quantifiers where the engine supports them.

## Engine differences
JavaScript needs the \`u\` flag for full Unicode and \`\\p{L}\` classes; lookbehind is supported in modern engines. Python's \`re\` uses \`(?P<name>...)\` for named groups. POSIX tools such as grep without \`-E\` need escaped \`\\{\` and \`\\(\`.`,
    },
  ],
  readme: `# Regex explainer

Paste a regular expression to get it explained piece by piece with matching and non-matching
examples, or describe what you want to match and get a pattern with its explanation.

It warns about nested quantifiers that backtrack catastrophically (ReDoS) and about differences
between JavaScript, Python and POSIX engines.`,
  sample:
    'Explain this regex and whether it can backtrack catastrophically: ^(\\w+\\s?)*$ — I use it to validate user names with anchors.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const factChecker = defineAgent({
  name: 'capecontrol/fact-checker',
  kind: 'prompt',
  displayName: 'Fact checker',
  description:
    'Breaks a text into checkable claims, rates how well each is supported and says what source would settle it, using the SIFT method.',
  category: 'research',
  tags: ['fact-checking', 'claims', 'sources', 'verification'],
  license: 'Apache-2.0',
  homepage: homepage('fact-checker'),
  repository,
  prompt: {
    system:
      'You check claims. List each factual claim in the text separately. For each, say what kind of claim it is (statistic, quote, causal claim, event, prediction), whether the text gives a source, how you would verify it and which kind of source would settle it, and a verdict: supported by the given source, unsupported, misleading as phrased, or not checkable. You have no web access: never pretend to have looked something up.',
    userTemplate: 'Check the claims in this text:\n\n{{input}}',
    temperature: 0.1,
    maxTokens: 1400,
  },
  knowledge: [
    {
      title: 'Checking claims',
      body: `# Checking claims

## The SIFT method
**Stop**: notice your reaction to the claim before sharing or using it. **Investigate the source**: who published it and what do they gain? **Find better coverage**: look for the same claim reported by independent, reliable outlets. **Trace claims to the original**: quotes, statistics and images often lose context as they are repeated.

## Kinds of claims
- **Statistics**: check the denominator, the time period, the population and who measured it. "Our sales doubled last year" from 2 to 4 units is true and misleading. A survey of 500 readers describes those readers, not everyone.
- **Quotes**: find the original recording or transcript; check the surrounding sentences.
- **Causal claims** ("coffee causes a longer life"): correlation is not causation; look for a controlled study or a plausible mechanism, and for confounders.
- **Events**: look for two independent first-hand reports.
- **Predictions**: not checkable as facts; check the track record of whoever makes them.

## Source quality
Primary sources (datasets, court records, peer-reviewed studies, official statistics) outrank secondary reporting. Prefer sources with named authors, corrections policies and methods sections. A press release is a claim, not evidence.

## Verdicts
Supported, unsupported, misleading (true but missing context that changes its meaning), false, or not checkable. Say what evidence would change the verdict.`,
    },
  ],
  readme: `# Fact checker

Paste an article, a post or a draft. The agent lists every factual claim, says what kind of
claim it is, how to verify it and which source would settle it, and gives a verdict.

It works from the text you give it and has no web access, so it tells you what to look up
rather than pretending it did.`,
  sample:
    'Fact-check these claims and rate their sources: our sales doubled last year; a survey of 500 readers shows coffee causes a longer life; a study says remote teams are 13% more productive.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const statusUpdateWriter = defineAgent({
  name: 'capecontrol/status-update-writer',
  kind: 'prompt',
  displayName: 'Status update writer',
  description:
    'Writes status-page and stakeholder updates for incidents and maintenance: what is affected, what users should do, and when the next update comes.',
  category: 'operations',
  tags: ['incidents', 'status-page', 'communication', 'maintenance'],
  license: 'Apache-2.0',
  homepage: homepage('status-update-writer'),
  repository,
  prompt: {
    system:
      'You write status updates for customers. Use the stage names Investigating, Identified, Monitoring and Resolved. Say which features are affected and for whom, what users can do meanwhile, and when the next update will come. Plain words, no internal system names, no blame and no speculation about causes that are not confirmed. At most 80 words per update.',
    userTemplate: 'Write the status update for this situation:\n\n{{input}}',
    temperature: 0.3,
    maxTokens: 600,
  },
  knowledge: [
    {
      title: 'Status page updates',
      body: `# Status page updates

## Stages
- **Investigating**: we know something is wrong and are looking into it.
- **Identified**: we know the cause and are working on a fix.
- **Monitoring**: a fix is in place and we are watching that it holds.
- **Resolved**: the incident is over; say how long it lasted.

## What every update contains
Which features are affected and for whom ("Some customers in Europe cannot log in"), what users can do meanwhile (a workaround, or "no action needed"), and when the next update comes ("within 30 minutes"). Post the next update on time even if nothing changed.

## Words to use
Plain language the customer uses: "sign-in", "payments", "the mobile app". Never internal names of services or hosts. Do not blame a vendor by name. Do not guess the cause; say "we are investigating" until it is confirmed.

## Scheduled maintenance
Announce at least 72 hours ahead: the window with its time zone, what will be unavailable, and what happens to work in progress. Remind 1 hour before and confirm when done.

## Resolved updates
Summarise the impact and duration, apologise once, and promise a postmortem when the impact was large.`,
    },
  ],
  readme: `# Status update writer

Describe what is going on (symptoms, who is affected, what the team is doing) and get a status
page update in the right stage (Investigating, Identified, Monitoring, Resolved), in plain words,
with the time of the next update.

Also writes scheduled maintenance notices.`,
  sample:
    'Investigating: since 14:05 UTC some customers in Europe cannot log in to the mobile app; payments are not affected. The team suspects the identity provider. Next update in 30 minutes.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const releaseNotesPipeline = defineAgent({
  name: 'capecontrol/release-notes-pipeline',
  kind: 'workflow',
  displayName: 'Release notes pipeline',
  description:
    'From merged changes to a published story: writes the changelog entry, then a polished social announcement of the release.',
  category: 'development',
  tags: ['releases', 'changelog', 'announcements', 'workflow'],
  license: 'Apache-2.0',
  homepage: homepage('release-notes-pipeline'),
  repository,
  dependencies: {
    'capecontrol/changelog-writer': '^1.0.0',
    'inkwell/social-pipeline': '^1.0.0',
  },
  workflow: {
    steps: [
      {
        id: 'changelog',
        agent: 'capecontrol/changelog-writer',
        input: '{{input}}',
        description: 'the Keep a Changelog entry and the version bump',
      },
      {
        id: 'announce',
        agent: 'inkwell/social-pipeline',
        input:
          'Announce this software release to our users in a short post. Highlight the most useful addition.\n\nChangelog:\n{{steps.changelog.output}}',
        description: 'a short, polished announcement post',
      },
    ],
  },
  readme: `# Release notes pipeline

Paste what was merged since the last release. The first step writes the changelog entry (and
says which version bump it implies); the second turns it into a polished announcement post
through Inkwell's social pipeline.`,
  sample:
    'Merged since 2.3.0: feat: export archived projects to CSV (#412); fix: dates in reports used the server time zone (#415); chore: bump eslint',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const releaseManager = defineAgent({
  name: 'capecontrol/release-manager',
  kind: 'workflow',
  displayName: 'Release manager',
  description:
    'Prepares a release end to end: changelog and announcement, a deployment and rollback runbook, and a one-page release brief for the team.',
  category: 'automation',
  tags: ['releases', 'deployment', 'runbooks', 'workflow'],
  license: 'Apache-2.0',
  homepage: homepage('release-manager'),
  repository,
  dependencies: {
    'capecontrol/release-notes-pipeline': '^1.0.0',
    'shieldops/runbook-writer': '^1.0.0',
    'capecontrol/brief-writer': '^2.0.0',
  },
  config: [
    {
      key: 'environment',
      label: 'Target environment',
      type: 'select',
      options: ['production', 'staging'],
      default: 'production',
    },
  ],
  workflow: {
    steps: [
      {
        id: 'notes',
        agent: 'capecontrol/release-notes-pipeline',
        input: '{{input}}',
        description: 'changelog entry and announcement',
      },
      {
        id: 'runbook',
        agent: 'shieldops/runbook-writer',
        input:
          'Write a deployment runbook with verification and rollback steps for releasing these changes to {{config.environment}}:\n\n{{input}}',
        description: 'deployment, verification and rollback steps',
      },
      {
        id: 'brief',
        agent: 'capecontrol/brief-writer',
        input:
          'Write a release brief for the team: what ships, the risks, and how we roll back.\n\nRelease notes:\n{{steps.notes.output}}\n\nRunbook:\n{{steps.runbook.output}}',
        description: 'a one-page release brief',
      },
    ],
  },
  readme: `# Release manager

One request prepares a release: paste the merged changes and get the changelog and announcement,
a deployment runbook with verification and rollback, and a one-page brief for the team.

Its first step is itself a workflow (the release notes pipeline), which calls another workflow
(Inkwell's social pipeline): a good example of composing agents.

## Configuration
- **Target environment**: production (default) or staging.`,
  sample:
    'Release 2.4.0 to production. Merged: feat: export archived projects to CSV (#412); fix: dates in reports used the server time zone (#415). The export needs a database migration that adds an index on projects.archived_at.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

export const capecontrol: CataloguePublisher = {
  scope: 'capecontrol',
  displayName: 'CapeControl',
  verified: true,
  agents: [
    meetingMinutes,
    emailDrafter,
    briefWriter,
    codeReviewer,
    changelogWriter,
    regexExplainer,
    factChecker,
    statusUpdateWriter,
    releaseNotesPipeline,
    releaseManager,
  ],
};
