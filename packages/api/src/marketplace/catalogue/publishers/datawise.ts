import { defineAgent } from '../define';
import type { CataloguePublisher } from '../types';

const homepage = (agent: string) => `https://datawise.example.com/agents/${agent}`;

const queryPerformance = {
  title: 'Query performance',
  body: `# Query performance

## Read the plan first
Run EXPLAIN (ANALYZE, BUFFERS) in Postgres, EXPLAIN ANALYZE in MySQL 8. Look for sequential scans on large tables, nested loops over many rows, sorts that spill to disk and estimates that are far from actual row counts (stale statistics: run ANALYZE).

## Indexes
An index helps a query that filters, joins or sorts on its leading columns. A composite index on (customer_id, created_at) serves "where customer_id = ? order by created_at desc" but not a filter on created_at alone. Put equality columns first, then the range or sort column. Every index slows writes and takes space: index the query shapes you run often. In Postgres, build indexes on busy tables with CREATE INDEX CONCURRENTLY so writes are not blocked, and drop them with DROP INDEX CONCURRENTLY.

## Sargable filters
A filter can use an index only when the column is left bare. "where date(created_at) = '2026-01-01'" cannot use an index on created_at; write "where created_at >= '2026-01-01' and created_at < '2026-01-02'". The same goes for lower(email) (use an expression index) and for implicit casts between text and numbers.

## The N+1 pattern
Running one query per row of another query's result multiplies round trips. Fetch the related rows in one query with a join or "where id = any($1)".

## Pagination
OFFSET reads and discards every skipped row; deep pages get slow. Use keyset pagination: "where (created_at, id) < ($1, $2) order by created_at desc, id desc limit 50".`,
};

const sqlCoach = defineAgent({
  name: 'datawise/sql-coach',
  kind: 'prompt',
  displayName: 'SQL coach',
  description:
    'Writes, explains and speeds up SQL: reads your query and schema, points out anti-patterns, suggests indexes and rewrites, dialect-aware.',
  category: 'analytics',
  tags: ['sql', 'databases', 'performance', 'indexes', 'postgres'],
  license: 'MIT',
  homepage: homepage('sql-coach'),
  prompt: {
    system:
      'You are a SQL coach for the {{config.dialect}} dialect. When given a query, explain what it does, then list problems in order of impact (wrong results first, then performance, then style) and give a corrected query. When suggesting an index, give the exact CREATE INDEX statement and say which query shape it serves; on large tables prefer building indexes without blocking writes. Never suggest dropping data or indexes without saying what depends on them.',
    userTemplate: '{{input}}',
    temperature: 0.1,
    maxTokens: 1400,
  },
  config: [
    {
      key: 'dialect',
      label: 'SQL dialect',
      type: 'select',
      options: ['postgres', 'mysql', 'sqlite', 'bigquery', 'snowflake'],
      default: 'postgres',
    },
  ],
  knowledge: [
    queryPerformance,
    {
      title: 'Joins and window functions',
      body: `# Joins and window functions

## Join types
INNER JOIN keeps rows that match on both sides. LEFT JOIN keeps every row of the left table; a filter on the right table in WHERE turns it back into an inner join, so put such filters in the ON clause. Count rows before and after a join: an unexpected increase means the join key is not unique on one side (fan-out), and sums will be inflated.

## Deduplicating
"select distinct" hides fan-out rather than fixing it. Find the duplicate keys with "group by key having count(*) > 1" and fix the join.

## Window functions
Window functions compute over related rows without collapsing them. row_number() over (partition by customer_id order by created_at desc) = 1 keeps each customer's latest order. sum(amount) over (order by day) gives a running total. lag(value) compares a row with the previous one.

## NULL handling
NULL is not equal to anything, including NULL: use IS NULL, IS DISTINCT FROM, or coalesce(). count(column) skips NULLs while count(*) does not. NOT IN with a subquery that returns a NULL returns no rows; use NOT EXISTS.`,
    },
  ],
  readme: `# SQL coach

Paste a query (and the table definitions if you have them) and ask what is wrong, why it is slow
or how to write it. The coach explains the query, lists problems by impact (wrong results first,
then performance), and gives a corrected query and the exact index statements.

## Covers
Reading query plans, composite indexes, sargable filters, the N+1 pattern, keyset pagination,
join fan-out, window functions and NULL traps.

## Configuration
- **SQL dialect**: postgres (default), mysql, sqlite, bigquery or snowflake.`,
  sample:
    "Why is this slow and which index should I add? select * from orders where date(created_at) = '2026-01-01' and customer_id = 42 order by created_at desc offset 5000 limit 50",
  versions: [
    {
      version: '1.0.0',
      notes: 'First release.',
      changes: { knowledge: [queryPerformance] },
      deprecated:
        '1.0.0 rewrites date filters in a way that cannot use indexes. Upgrade to 1.2.0 or later.',
    },
    {
      version: '1.1.0',
      notes: 'Index suggestions.',
      changes: { knowledge: [queryPerformance] },
      yanked:
        'Suggested DROP INDEX without CONCURRENTLY on large Postgres tables, which blocks writes. Fixed in 1.2.0.',
    },
    {
      version: '1.2.0',
      notes:
        'Index statements build and drop concurrently; adds join and window-function guidance.',
    },
  ],
});

const metricDefiner = defineAgent({
  name: 'datawise/metric-definer',
  kind: 'prompt',
  displayName: 'Metric definer',
  description:
    'Turns a vague business question into precise metric definitions: formula, unit of analysis, time window, filters and the pitfalls of each metric.',
  category: 'analytics',
  tags: ['metrics', 'kpi', 'retention', 'churn', 'definitions'],
  license: 'MIT',
  homepage: homepage('metric-definer'),
  prompt: {
    system:
      'You define business metrics precisely. For each metric give: name, one-sentence meaning, formula with numerator and denominator, unit of analysis, time window, inclusions and exclusions, the data it needs, and one way it can mislead. Prefer ratios with explicit denominators. Recommend one primary metric and at most two guardrail metrics.',
    userTemplate: 'Define the metrics for:\n\n{{input}}',
    temperature: 0.2,
    maxTokens: 1200,
  },
  knowledge: [
    {
      title: 'Metric definitions',
      body: `# Metric definitions

## Active users (DAU, WAU, MAU)
Count distinct users who performed a meaningful action (not just a login or a page view) in the window. State the action, the time zone and whether internal and test accounts are excluded. DAU/MAU, the stickiness ratio, shows how many monthly users come back daily.

## Retention
Cohort retention: of the users who signed up in a week, the share active in week N after signup. Fix the cohort definition and the activity definition before comparing cohorts. Report retention curves, not single numbers; a curve that flattens means the product keeps a core of users.

## Churn
Customer churn rate for a month = customers lost during the month / customers at the start of the month. Exclude customers acquired during the month from the denominator. Revenue churn weighs customers by revenue; net revenue retention (NRR) adds expansion: (starting revenue − churned − contraction + expansion) / starting revenue.

## Conversion rate
Conversions / eligible visitors or users in the same window. Define eligibility: a user who never saw the pricing page cannot convert on it. Count each user once.

## Average revenue per user (ARPU)
Revenue in the period / average number of active paying users. Say whether free users are in the denominator (then it is ARPU over all users) and keep the choice fixed over time.

## Pitfalls
Ratios move when the denominator changes, not only the numerator. Averages hide skew: report the median and a high percentile for durations and amounts. Changing a definition breaks the time series: version your definitions.`,
    },
  ],
  readme: `# Metric definer

Ask "how do we measure engagement?" or "what is our churn?" and get precise definitions: formula
with numerator and denominator, unit of analysis, time window, exclusions, required data, and how
each metric can mislead.

Covers active users (DAU, WAU, MAU), cohort retention, customer and revenue churn, net revenue
retention, conversion rate and ARPU.`,
  sample:
    'Define monthly churn rate and net revenue retention for our subscription business, and say which customers to exclude from the denominator.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const abTestAnalyst = defineAgent({
  name: 'datawise/ab-test-analyst',
  kind: 'prompt',
  displayName: 'A/B test analyst',
  description:
    'Reads A/B test results and tells you what they support: significance, confidence intervals, sample ratio mismatch, peeking and guardrail metrics.',
  category: 'analytics',
  tags: ['experiments', 'ab-testing', 'statistics', 'significance'],
  license: 'Apache-2.0',
  homepage: homepage('ab-test-analyst'),
  prompt: {
    system:
      'You analyse A/B tests. From the numbers given, compute the conversion rates, the absolute and relative difference and a 95% confidence interval for the difference; check for sample ratio mismatch; say whether the result is statistically significant at alpha {{config.alpha}} and practically meaningful. Warn about peeking, multiple comparisons and novelty effects when relevant. Show your arithmetic. Recommend ship, do not ship, or run longer, with the reason.',
    userTemplate: 'Experiment results:\n\n{{input}}',
    temperature: 0.1,
    maxTokens: 1400,
  },
  config: [
    {
      key: 'alpha',
      label: 'Significance level',
      type: 'select',
      options: ['0.01', '0.05', '0.10'],
      default: '0.05',
    },
  ],
  knowledge: [
    {
      title: 'Analysing experiments',
      body: `# Analysing experiments

## Significance and confidence intervals
For conversion rates p1 and p2 with n1 and n2 users, the standard error of the difference is sqrt(p1(1−p1)/n1 + p2(1−p2)/n2). A 95% confidence interval is the difference ± 1.96 standard errors. If the interval excludes zero, the difference is significant at the 5% level. Report the interval, not only the p-value: it shows how large the effect could plausibly be.

## Sample size
To detect a relative lift of 5% on a 10% baseline conversion rate with 80% power at alpha 0.05, you need roughly 58,000 users per variant. Halving the detectable effect quadruples the sample size. Decide the sample size before the test starts.

## Sample ratio mismatch
If the split was 50/50, the observed counts should be close to equal. A chi-squared test with a p-value below 0.001 on the assignment counts signals a bug in assignment or logging (SRM); the results cannot be trusted until it is explained.

## Peeking
Checking results daily and stopping when significant inflates false positives far above 5%. Either fix the duration in advance or use a sequential method designed for continuous monitoring.

## Multiple comparisons
Testing many metrics or many variants means some will be significant by chance. Name one primary metric in advance; treat the rest as exploratory or correct with Bonferroni or Holm.

## Guardrails and novelty
Check guardrail metrics (revenue, latency, error rate, unsubscribes) for harm even when the primary metric wins. Early lifts often fade as the novelty wears off: look at the effect by week.`,
    },
  ],
  readme: `# A/B test analyst

Paste the numbers from your experiment (users and conversions per variant, the duration, any
guardrail metrics) and get the conversion rates, the lift with its confidence interval, a sample
ratio mismatch check and a clear recommendation: ship, do not ship, or run longer.

## Configuration
- **Significance level**: 0.05 by default.`,
  sample:
    'Variant A: 10,000 users, 1,000 conversions. Variant B: 10,200 users, 1,100 conversions. Is the lift statistically significant, and is there a sample ratio mismatch? We peeked at the results daily.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const literatureReviewer = defineAgent({
  name: 'datawise/literature-reviewer',
  kind: 'prompt',
  displayName: 'Literature reviewer',
  description:
    'Organises papers and findings into a structured literature review: themes, strength of evidence, agreements, contradictions and gaps.',
  category: 'research',
  tags: ['research', 'papers', 'evidence', 'literature-review'],
  license: 'CC-BY-4.0',
  homepage: homepage('literature-reviewer'),
  prompt: {
    system:
      'You help with literature reviews. Group the findings you are given by theme, not by paper. For each theme, say what the evidence shows, how strong it is (study design, sample size, replication), where studies disagree and why they might, and what is still unknown. Cite the papers as the user named them. Do not invent papers, authors or results.',
    userTemplate: 'Findings and papers to review:\n\n{{input}}',
    temperature: 0.2,
    maxTokens: 1600,
  },
  knowledge: [
    {
      title: 'Evidence and reviews',
      body: `# Evidence and reviews

## Hierarchy of evidence
From strongest to weakest for causal questions: systematic reviews and meta-analyses of randomised controlled trials, single randomised controlled trials, cohort studies, case-control studies, cross-sectional surveys, case reports, expert opinion. A large, well-run observational study can outweigh a tiny, biased trial: judge the design and the execution, and weigh the strength of evidence, not the number of studies.

## Judging a study
Check the sample size and how participants were selected, whether there was a control group, whether outcomes were pre-registered, the effect size with its confidence interval (not only the p-value), attrition, conflicts of interest and whether the result was replicated.

## Organising by theme
A review organised paper by paper reads like an annotated bibliography. Group findings by question or theme, then compare: where do studies agree, where do they conflict, and what explains the conflict (different populations, measures, durations or designs)?

## Effect sizes
Compare studies on effect sizes, not on significance. Cohen's d of 0.2 is small, 0.5 medium, 0.8 large; for proportions, report risk differences or odds ratios with intervals.

## Gaps
End each theme with what is unknown: populations not studied, outcomes not measured, designs not yet tried. Gaps justify the next study.

## Search strategy
State where you searched, the terms, the date range and the inclusion criteria, so others can reproduce the review.`,
    },
  ],
  readme: `# Literature reviewer

Paste your notes on papers (titles, designs, samples, findings) and get a review organised by
theme: what the evidence shows, how strong it is, where studies disagree and why, and the gaps.

It never invents papers: it works from what you give it.`,
  sample:
    'Judge the strength of evidence: a randomised controlled trial found spaced practice improved recall, but a larger cohort study found no effect. How do I organise the review by theme?',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const experimentReport = defineAgent({
  name: 'datawise/experiment-report',
  kind: 'workflow',
  displayName: 'Experiment report',
  description:
    'From raw A/B test numbers to a decision-ready report: statistical analysis, precise metric definitions, and an executive brief.',
  category: 'analytics',
  tags: ['experiments', 'reporting', 'ab-testing', 'workflow'],
  license: 'Apache-2.0',
  homepage: homepage('experiment-report'),
  dependencies: {
    'datawise/ab-test-analyst': '^1.0.0',
    'datawise/metric-definer': '^1.0.0',
    'capecontrol/brief-writer': '^1.1.0',
  },
  workflow: {
    steps: [
      {
        id: 'analysis',
        agent: 'datawise/ab-test-analyst',
        input: '{{input}}',
        description: 'significance, confidence interval and SRM check',
      },
      {
        id: 'metrics',
        agent: 'datawise/metric-definer',
        input: 'Define the metrics used in this experiment precisely:\n\n{{input}}',
        description: 'exact definitions of the metrics reported',
      },
      {
        id: 'brief',
        agent: 'capecontrol/brief-writer',
        input:
          'Write the experiment report for the product team.\n\nAnalysis:\n{{steps.analysis.output}}\n\nMetric definitions:\n{{steps.metrics.output}}',
        description: 'the decision-ready summary',
      },
    ],
  },
  readme: `# Experiment report

Paste your experiment's numbers and get a report the product team can decide on: the statistical
analysis, exact definitions of the metrics, and an executive summary that ends with the decision
needed.`,
  sample:
    'Checkout experiment. Variant A: 10,000 users, 1,000 conversions. Variant B: 10,200 users, 1,100 conversions. Primary metric: checkout conversion rate. Guardrail: refund rate.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const researchBrief = defineAgent({
  name: 'datawise/research-brief',
  kind: 'workflow',
  displayName: 'Research brief',
  description:
    'Turns research notes into a brief you can trust: a themed literature review, a check of every claim, and a one-page summary.',
  category: 'research',
  tags: ['research', 'fact-checking', 'summaries', 'workflow'],
  license: 'Apache-2.0',
  homepage: homepage('research-brief'),
  dependencies: {
    'datawise/literature-reviewer': '^1.0.0',
    'capecontrol/fact-checker': '^1.0.0',
    'capecontrol/brief-writer': '^2.0.0',
  },
  workflow: {
    steps: [
      {
        id: 'review',
        agent: 'datawise/literature-reviewer',
        input: '{{input}}',
        description: 'findings grouped by theme with strength of evidence',
      },
      {
        id: 'check',
        agent: 'capecontrol/fact-checker',
        input: '{{input}}',
        description: 'every claim, with what would verify it',
      },
      {
        id: 'brief',
        agent: 'capecontrol/brief-writer',
        input:
          'Write a research brief.\n\nReview:\n{{steps.review.output}}\n\nClaim check:\n{{steps.check.output}}',
        description: 'the one-page brief',
      },
    ],
  },
  readme: `# Research brief

Paste research notes (papers, findings, statistics you plan to cite). Three steps: a literature
review by theme, a fact check of each claim, then a one-page brief that flags what is weakly
supported.`,
  sample:
    'A randomised controlled trial of 120 students found spaced practice improved recall (d = 0.6). A cohort study of 5,000 employees found no effect of spaced training. A blog claims spaced practice doubles productivity.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

export const datawise: CataloguePublisher = {
  scope: 'datawise',
  displayName: 'DataWise Analytics',
  verified: false,
  agents: [
    sqlCoach,
    metricDefiner,
    abTestAnalyst,
    literatureReviewer,
    experimentReport,
    researchBrief,
  ],
};
