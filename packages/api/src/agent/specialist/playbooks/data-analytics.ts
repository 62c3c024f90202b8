import type { Playbook } from './types';

export const semanticGovernance: Playbook = {
  focusArea: 'semantic-governance',
  approach:
    'When teams report different numbers, the definitions disagree, not the arithmetic. Pick the disputed metrics, write each one down once (grain, filters, exclusions, time zone, currency), give it an owner, implement it in one governed place every tool queries, and publish a reconciliation so people see why the old numbers differed.',
  steps: [
    {
      title: 'Inventory the disputed metrics',
      purpose:
        'List where each contested metric is computed today (dashboards, spreadsheets, SQL snippets, notebooks) and who relies on each version.',
      check:
        'Every known implementation is listed with its owner, and the spread of their values for last month is recorded side by side.',
      core: true,
      terms: 'different numbers match revenue report finance sales team version own slightly',
    },
    {
      title: 'Write a metric spec',
      purpose:
        'Define the grain, source tables, filters, inclusion rules (refunds, test accounts, trials), time zone, currency and the exact calculation, with worked examples of edge cases.',
      check:
        'Two analysts compute last month independently from the spec alone and get the same number.',
      core: true,
      terms: 'define definition active user qualified lead counts revenue churn arguing agreed',
    },
    {
      title: 'Assign owners and a change process',
      purpose:
        'Give each metric one business owner who approves definition changes and one technical owner who implements them; changes go through review.',
      check:
        'The metric catalogue shows both owners for every certified metric, and the latest change has an approval on record.',
      terms: 'owner ownership governance change approve',
    },
    {
      title: 'Implement it once in the semantic layer',
      purpose:
        'Build the metric in one governed layer (dbt Semantic Layer/MetricFlow, LookML, Cube) and point every dashboard at it instead of re-deriving it per tool.',
      check:
        'A search of BI content and saved queries finds no other implementation; the governed metric is tagged certified.',
      core: true,
      terms: 'semantic layer dbt looker lookml cube implement cohort table building',
    },
    {
      title: 'Version definitions with effective dates',
      purpose:
        'When the business changes a definition, publish a new version with an effective date instead of editing in place, and keep the old version queryable.',
      check:
        'Reports that span the change say which version they use, and last year’s figures reproduce exactly under the old version.',
      terms: 'version change history qualified lead effective business changes',
    },
    {
      title: 'Publish a reconciliation',
      purpose:
        'Explain each legacy number’s difference from the governed one (refunds excluded, UTC vs local day, bookings vs recognised revenue).',
      check:
        'For last month, each legacy value minus the governed value is fully explained by itemised differences.',
      terms: 'reconcile different mismatch finance discrepancy match',
    },
    {
      title: 'Expose lineage and a glossary',
      purpose:
        'Show where each metric comes from (sources, transformations, dashboards that use it) and a plain-language definition next to the charts.',
      check:
        'From any certified tile, a user reaches the definition and its upstream tables in two clicks.',
      terms: 'lineage glossary catalog trust document analysts',
    },
    {
      title: 'Test the metric continuously',
      purpose:
        'Add data tests (unique, not null, accepted values, row counts, freshness) and anomaly alerts on the metric itself.',
      check:
        'Tests run on every build; duplicating a source row in a test environment fails the build before any dashboard shows it.',
      core: true,
      terms: 'test quality freshness anomaly raw data debug drop',
    },
  ],
  insights: [
    'Most "different revenue" disputes come down to three choices: booking date vs recognition date, gross vs net of refunds and discounts, and which time zone closes the day.',
    'Define the grain first ("one row per account per day"); many disagreements are double counting after a join between tables of different grains.',
    'Certify a small set of metrics and label everything else exploratory; trying to govern everything at once stalls.',
    '"Active user" needs an explicit qualifying action and window (for example a core action in the trailing 28 days), not "logged in".',
    'A funnel that disagrees with raw data usually differs in session stitching, step ordering or the conversion window; compare the funnel’s SQL with a raw count for a single user.',
  ],
  risks: [
    {
      title: 'A definition change silently rewrites history',
      severity: 'high',
      mitigation:
        'Version definitions with effective dates; never edit a certified metric in place.',
    },
    {
      title: 'Shadow metrics keep multiplying',
      severity: 'medium',
      mitigation:
        'Make the governed metric the easiest one to use in every BI tool, and review new dashboards for re-derived metrics.',
    },
    {
      title: 'Edge cases left ambiguous in the spec',
      severity: 'medium',
      mitigation:
        'Include worked examples for refunds, test accounts and time zones, and a data test for each.',
    },
    {
      title: 'Owners become a bottleneck',
      severity: 'low',
      mitigation: 'Agree a review turnaround and a delegate for each owner.',
    },
  ],
  resources: [
    {
      title: 'dbt Semantic Layer',
      url: 'https://docs.getdbt.com/docs/use-dbt-semantic-layer/dbt-sl',
      kind: 'reference',
    },
    {
      title: 'dbt model contracts',
      url: 'https://docs.getdbt.com/docs/collaborate/govern/model-contracts',
      kind: 'reference',
    },
    {
      title: 'Kimball dimensional modelling techniques',
      url: 'https://www.kimballgroup.com/data-warehouse-business-intelligence-resources/kimball-techniques/dimensional-modeling-techniques/',
      kind: 'guide',
    },
    { title: 'OpenLineage', url: 'https://openlineage.io/', kind: 'tool' },
  ],
};

export const dashboardTuning: Playbook = {
  focusArea: 'dashboard-tuning',
  approach:
    'Measure before tuning: find which tiles and queries are slow and why (bytes scanned, joins, unbounded date ranges), then move heavy work out of dashboard time. Pre-aggregate to the grain the charts show, cache on a refresh cadence that matches how fresh each decision needs to be, and design filters so they prune partitions instead of scanning everything.',
  steps: [
    {
      title: 'Start from the decisions the dashboard serves',
      purpose:
        'List who uses the dashboard and the decisions it informs, then keep the five to eight metrics that drive them, each with a definition, a target and a trend; everything else moves to a drill-down.',
      check:
        'Every tile names the decision it informs and its owner, and the audience agrees nothing essential is missing.',
      terms: 'kpi kpis belong which metrics weekly churn design layout executive audience',
    },
    {
      title: 'Profile the dashboard',
      purpose:
        'Record load time per tile and the query behind each, with bytes scanned and duration, from the BI tool’s query log or the warehouse’s query history.',
      check:
        'A table ranks tiles by duration and cost; typically the top three explain most of the load time.',
      core: true,
      terms: 'slow load seconds profile tile query start optimizing where',
    },
    {
      title: 'Agree the freshness each tile needs',
      purpose:
        'Ask which decision each tile supports and how fresh its data must be (minutes, hourly, daily); most executive and KPI dashboards need daily.',
      check: 'Each tile has a documented freshness target, and the refresh schedule matches it.',
      core: true,
      terms: 'refresh freshness cadence real time morning daily stale kpi weekly',
    },
    {
      title: 'Pre-aggregate to the chart’s grain',
      purpose:
        'Build summary tables or materialized views at the grain the charts display (day × region × product) instead of aggregating raw events on every load.',
      check:
        'The heaviest tiles read summary tables with thousands of rows, not raw events, and match the raw query for a sampled period.',
      core: true,
      terms: 'aggregate precompute materialized rollup raw event dbt looker grain tables',
    },
    {
      title: 'Make filters prune',
      purpose:
        'Partition and cluster large tables on the columns dashboards filter by (date, region, tenant), avoid wrapping filter columns in functions, and give "all" selections a pre-aggregated path.',
      check:
        'The query plan for the slowest filter combination scans only the partitions it needs.',
      terms: 'filter partition cluster region index scan all picks',
    },
    {
      title: 'Cache and schedule refreshes',
      purpose:
        'Use the BI tool’s result cache or extracts, refreshed on the freshness target, and warm the cache before people arrive.',
      check:
        'The cache hit rate during business hours is above 80%, and the first load after a refresh meets the target.',
      terms: 'cache extract refresh schedule warm morning',
    },
    {
      title: 'Cut tiles and cap query cost',
      purpose:
        'Remove tiles nobody uses, limit default date ranges, and set cost controls such as maximum bytes billed or per-user quotas.',
      check:
        'Every remaining tile was viewed in the last 30 days, and the dashboard’s daily query cost is tracked against a budget.',
      terms: 'cost bill doubled charts tile budget bigquery',
    },
    {
      title: 'Set a performance budget and watch it',
      purpose:
        'Define targets (for example p95 load under 5 seconds and a daily cost ceiling) and alert when a change breaks them.',
      check:
        'A weekly report shows p95 load time and cost per dashboard against the budget, and a regression opens a ticket.',
      core: true,
      terms: 'monitor budget target performance regression',
    },
  ],
  insights: [
    'Dashboards are usually slow because each tile re-aggregates raw events on every load; summary tables at the chart’s grain typically turn tens of seconds into well under one.',
    'In pay-per-scan warehouses (BigQuery on-demand), cost follows bytes scanned: partition filters and selecting only needed columns save more than any BI setting.',
    'An "all regions" or "all time" selection often bypasses the pre-aggregated path; give it its own summary or a sensible default range.',
    'Freshness is a product decision: an hourly refresh for a decision made once a day only buys cost.',
    'A KPI dashboard should lead with a few metrics, each with a definition, a target and a trend; every extra tile costs load time and attention.',
  ],
  risks: [
    {
      title: 'Runaway query cost',
      severity: 'high',
      mitigation:
        'Set maximum bytes billed and quotas, and review the most expensive queries weekly.',
    },
    {
      title: 'Stale summaries show wrong numbers',
      severity: 'medium',
      mitigation:
        'Show "data as of" on each tile and alert when a refresh fails or falls behind its target.',
    },
    {
      title: 'Summary tables drift from raw data',
      severity: 'medium',
      mitigation: 'Test summary totals against raw totals for sampled periods on every build.',
    },
    {
      title: 'Caching hides a broken pipeline',
      severity: 'medium',
      mitigation: 'Monitor source freshness separately from the dashboard cache.',
    },
  ],
  resources: [
    {
      title: 'BigQuery: optimise query computation',
      url: 'https://cloud.google.com/bigquery/docs/best-practices-performance-compute',
      kind: 'reference',
    },
    {
      title: 'BigQuery materialized views',
      url: 'https://cloud.google.com/bigquery/docs/materialized-views-intro',
      kind: 'reference',
    },
    {
      title: 'Snowflake: working with materialized views',
      url: 'https://docs.snowflake.com/en/user-guide/views-materialized',
      kind: 'reference',
    },
    {
      title: 'Use The Index, Luke: SQL performance explained',
      url: 'https://use-the-index-luke.com/',
      kind: 'guide',
    },
  ],
};
