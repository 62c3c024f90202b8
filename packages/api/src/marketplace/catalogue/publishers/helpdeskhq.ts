import { defineAgent } from '../define';
import type { CataloguePublisher } from '../types';

const homepage = (agent: string) => `https://helpdeskhq.example.com/marketplace/${agent}`;

const classifierKnowledge = {
  title: 'Ticket categories and priority',
  body: `# Ticket categories and priority

## Categories
- **Billing**: invoices, charges, refunds, payment methods, plan changes.
- **Bug**: something that used to work or should work does not; include steps, expected and actual behaviour.
- **How-to**: the product works, the customer does not know how to do something.
- **Account**: sign-in problems, password resets, two-factor authentication, user management, data export or deletion requests.
- **Feature request**: the product cannot do something the customer wants.
- **Outage**: many customers cannot use a core function at the same time; link to the incident.

## Priority: impact times urgency
Impact: how many users and how much of their work is blocked (one user, a team, a whole company). Urgency: how soon it hurts (a deadline today, money at stake, data at risk).
- **Urgent**: a whole company blocked, a security or data-loss concern, or an outage.
- **High**: a team blocked with no workaround, or a billing error taking money.
- **Normal**: one user blocked, or a workaround exists.
- **Low**: questions, feature requests, cosmetic issues.

## Signals to look for
Words such as "cannot log in", "charged twice", "all our users", "deadline", "deleted", "security" raise the priority. Angry tone alone does not: weigh impact, not volume.

## Routing
Billing to the billing team, bugs to tier 2 with reproduction steps, account security to the security queue, feature requests to product with the customer's use case.`,
};

const ticketClassifier = defineAgent({
  name: 'helpdeskhq/ticket-classifier',
  kind: 'prompt',
  displayName: 'Ticket classifier',
  description:
    'Reads a support ticket and returns its category, priority (impact times urgency), sentiment, the queue to route it to and the facts still missing.',
  category: 'support',
  tags: ['tickets', 'triage', 'routing', 'helpdesk'],
  license: 'MIT',
  homepage: homepage('ticket-classifier'),
  prompt: {
    system:
      'You triage support tickets. Return: category (billing, bug, how-to, account, feature request, outage), priority (urgent, high, normal, low) with a one-line reason based on impact and urgency, customer sentiment, the queue to route to, and the facts the agent must still ask for. Base priority on impact and urgency, never on tone alone.',
    userTemplate: 'Ticket:\n\n{{input}}',
    temperature: 0,
    maxTokens: 500,
  },
  knowledge: [classifierKnowledge],
  readme: `# Ticket classifier

Paste a support ticket and get its category, priority with the reason, sentiment, the queue to
route it to, and what to ask the customer next.

Priority follows impact times urgency, so an angry message about a typo is not urgent and a calm
one about a whole company locked out is.`,
  sample:
    'Ticket: Hi, we were charged twice for our annual plan this morning and now none of our 40 users can log in. Our payroll deadline is today. Please help urgently.',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release: category only.',
      changes: {
        prompt: {
          system:
            'You classify support tickets into billing, bug, how-to, account or feature request, with a one-line reason.',
          userTemplate: 'Ticket:\n\n{{input}}',
          temperature: 0,
          maxTokens: 300,
        },
      },
      deprecated: '1.x classifies without priority or routing. Upgrade to 2.x.',
    },
    {
      version: '2.0.0',
      notes: 'Breaking: adds priority, sentiment, routing and missing facts to the output.',
    },
    {
      version: '2.1.0',
      notes: 'Adds the outage category.',
      yanked:
        'Labelled most billing tickets as outages, sending them to the incident queue. Use 2.0.0 until the fix ships.',
    },
  ],
});

const replyDrafter = defineAgent({
  name: 'helpdeskhq/reply-drafter',
  kind: 'prompt',
  displayName: 'Support reply drafter',
  description:
    'Drafts empathetic, accurate replies to support tickets: acknowledge, answer or explain next steps, set expectations, close warmly.',
  category: 'support',
  tags: ['support', 'replies', 'customer-service', 'empathy'],
  license: 'MIT',
  homepage: homepage('reply-drafter'),
  prompt: {
    system:
      'You draft replies to customer support tickets for a support agent to review. Structure: acknowledge the problem in the customer’s terms, answer or say exactly what happens next and when, give any steps as a numbered list, and close with an offer to help further. Never promise refunds, credits or dates the notes do not confirm; never blame the customer. Keep it under 150 words.',
    userTemplate: '{{input}}',
    temperature: 0.5,
    maxTokens: 700,
  },
  knowledge: [
    {
      title: 'Writing support replies',
      body: `# Writing support replies

## Acknowledge first
Restate the problem in the customer's words so they know they were understood: "You were charged twice for the annual plan this morning." Apologise once, specifically, when something went wrong on our side. Skip generic lines such as "We apologise for any inconvenience".

## Answer or set expectations
If you can solve it, give the answer or the steps. If you cannot yet, say exactly what happens next, who does it and when the customer will hear back: "Our billing team will refund the duplicate charge within 2 business days; you will get an email when it is done."

## Steps
Numbered, one action per step, using the labels the customer sees on screen. Put the most likely fix first.

## What not to promise
Never promise a refund, a credit, a fix date or a feature unless the notes confirm it. Say "I've asked the billing team to review a refund" instead of "You will get a refund".

## Tone
Warm and plain. Match the customer's formality. No blame ("you should have…"), no jargon, no internal ticket codes.

## Closing
Offer further help and say how to reach you. For urgent issues, say you will follow up proactively and when.`,
    },
    {
      title: 'Common situations',
      body: `# Common situations

## Duplicate charges
When a customer was charged twice, the reply confirms the charge amounts and dates you see, says the duplicate charge will be reviewed by billing (or that billing confirmed it), and give the expected time for refunds to appear (5 to 10 business days depending on the bank).

## Locked out of the account
Point to the password reset and the two-factor recovery options; if an administrator account is locked, explain the identity check the security team needs.

## Bug reports
Thank them for the details, confirm you could or could not reproduce it, share a workaround if there is one, and say how they will hear about the fix.`,
    },
  ],
  readme: `# Support reply drafter

Paste the ticket (and your notes on what you know or have done) and get a reply draft to review:
acknowledgement in the customer's words, the answer or the exact next steps and timing, and a warm
close. It never promises refunds or dates your notes do not confirm.`,
  sample:
    'Draft a reply to this ticket: the customer was charged twice for the annual plan; billing confirmed the duplicate charge.',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release.',
      changes: {
        knowledge: [],
        prompt: {
          system:
            'You draft replies to customer support tickets: acknowledge the problem, answer it, and close politely.',
          userTemplate: '{{input}}',
          temperature: 0.6,
          maxTokens: 600,
        },
      },
      deprecated:
        '1.0.0 could promise refunds the notes did not confirm. Upgrade to 1.1.0, which never does.',
    },
    {
      version: '1.1.0',
      notes:
        'Never promises refunds, credits or dates that the notes do not confirm; adds playbooks for common situations.',
    },
  ],
});

const kbArticleWriter = defineAgent({
  name: 'helpdeskhq/kb-article-writer',
  kind: 'prompt',
  displayName: 'Help center article writer',
  description:
    'Turns a solved ticket or internal notes into a help center article: a question-style title, a short answer, numbered steps and troubleshooting.',
  category: 'support',
  tags: ['knowledge-base', 'help-center', 'documentation', 'self-service'],
  license: 'MIT',
  homepage: homepage('kb-article-writer'),
  prompt: {
    system:
      'You write help center articles. Title phrased as the customer’s question or task. Then a two-sentence answer, prerequisites, numbered steps using the exact labels on screen, the expected result, a troubleshooting section for the two or three most likely problems, and related articles to link. Remove customer names and internal details.',
    userTemplate: 'Write a help center article from:\n\n{{input}}',
    temperature: 0.3,
    maxTokens: 1400,
  },
  knowledge: [
    {
      title: 'Help center articles',
      body: `# Help center articles

## Titles
Phrase the title as the question or task the customer searches for: "How do I export my invoices?" or "Export invoices as PDF". Avoid internal feature names customers do not use.

## Answer first
Two sentences under the title that answer the question, so readers who only need the gist can stop there.

## Steps
Numbered, one action per step, with the exact button and menu labels in bold, in the order they appear on screen. Say what the reader should see after the key steps. Keep to about ten steps; split longer tasks into several articles.

## Prerequisites
Who can do this (plan, role or permission) and what they need first. Put it before the steps, not after step 6.

## Troubleshooting
The two or three problems people actually hit, each as a heading with its fix. Take them from solved tickets.

## Maintenance
Add a "last reviewed" date and an owner; review articles when the interface changes. Track searches with no results: they are missing articles.

## Privacy
Never include customer names, emails, account ids or screenshots with personal data.`,
    },
  ],
  readme: `# Help center article writer

Paste a solved ticket or your internal notes and get a self-service article: a title phrased as
the customer's question, a short answer, prerequisites, numbered steps, and troubleshooting.
Customer details are removed.`,
  sample:
    'Write a help center article from this solved ticket: only administrators see the Export PDF button under Billing > Invoices.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const ticketAutopilot = defineAgent({
  name: 'helpdeskhq/ticket-autopilot',
  kind: 'workflow',
  displayName: 'Ticket autopilot',
  description:
    'Triage and first reply in one step: classifies the ticket (category, priority, routing) and drafts a reply that fits it, for an agent to review and send.',
  category: 'support',
  tags: ['tickets', 'triage', 'replies', 'workflow'],
  license: 'MIT',
  homepage: homepage('ticket-autopilot'),
  dependencies: {
    'helpdeskhq/ticket-classifier': '^2.0.0',
    'helpdeskhq/reply-drafter': '^1.0.0',
  },
  workflow: {
    steps: [
      {
        id: 'classify',
        agent: 'helpdeskhq/ticket-classifier',
        input: '{{input}}',
        description: 'category, priority, routing and missing facts',
      },
      {
        id: 'reply',
        agent: 'helpdeskhq/reply-drafter',
        input:
          'Ticket:\n{{input}}\n\nTriage (use it to set expectations and to ask for missing facts):\n{{steps.classify.output}}',
        description: 'a reply draft that fits the triage',
      },
    ],
  },
  readme: `# Ticket autopilot

Paste a ticket. The classifier decides category, priority and routing and lists the facts still
missing; the reply drafter writes a first reply that sets the right expectations and asks for
those facts. Nothing is sent: a person reviews the draft.`,
  sample:
    'Hi, we were charged twice for our annual plan this morning and now none of our 40 users can log in. Our payroll deadline is today.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

export const helpdeskhq: CataloguePublisher = {
  scope: 'helpdeskhq',
  displayName: 'HelpdeskHQ',
  verified: false,
  agents: [ticketClassifier, replyDrafter, kbArticleWriter, ticketAutopilot],
};
