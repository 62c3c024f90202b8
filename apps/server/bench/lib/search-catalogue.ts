import pg from 'pg';

/**
 * A generated marketplace catalogue for the search benchmark, written by bulk SQL straight into
 * the tables (publishing 100 000 versions through the validator would take far longer and
 * measure nothing search depends on). Deterministic apart from uuids: `setseed` fixes every
 * random() draw.
 *
 * Shape: 1 000 publisher scopes (15 % verified); `agents` agents named `scope/topic-action`
 * ("acme-labs/slack-notifier", display name "Slack Notifier"); 1–7 versions each (≈ 4 on
 * average, so 26 000 agents give ≈ 104 000 versions), spread over the last two years, every
 * older version superseded when the next was published. Each version has its own description,
 * 2–5 tags, a category and a 60–200-word readme drawn from a skewed vocabulary, so common words
 * match thousands of versions and rare ones a handful. One agent in 25 has a newest version this
 * platform cannot run. Install counts and rating counts are skewed (a few agents have most);
 * 100 000 install events and 40 000 runs in the last 30 days feed the trending sort; 50 000
 * review events lie in the past.
 */
export interface CatalogueOptions {
  agents: number;
  installEvents: number;
  runs: number;
  reviewEvents: number;
}

export interface CatalogueFacts {
  publishers: number;
  agents: number;
  versions: number;
  currentVersions: number;
  installEvents: number;
  runs: number;
  buildSeconds: number;
}

const topics = [
  'slack',
  'github',
  'gitlab',
  'jira',
  'notion',
  'email',
  'calendar',
  'invoice',
  'salesforce',
  'hubspot',
  'zendesk',
  'stripe',
  'shopify',
  'kubernetes',
  'docker',
  'postgres',
  'snowflake',
  'bigquery',
  'pdf',
  'spreadsheet',
  'csv',
  'twitter',
  'linkedin',
  'youtube',
  'podcast',
  'blog',
  'newsletter',
  'ticket',
  'meeting',
  'contract',
  'resume',
  'expense',
  'inventory',
  'log',
  'alert',
  'incident',
  'deploy',
  'changelog',
  'survey',
  'lead',
];
const actions = [
  'summarizer',
  'notifier',
  'triage',
  'reviewer',
  'scanner',
  'translator',
  'writer',
  'planner',
  'monitor',
  'tracker',
  'parser',
  'exporter',
  'sync',
  'digest',
  'assistant',
  'bot',
  'auditor',
  'classifier',
  'extractor',
  'scheduler',
  'reporter',
  'responder',
  'analyzer',
  'generator',
  'checker',
  'router',
];
const prefixes = [
  'acme',
  'nimbus',
  'orbit',
  'pixel',
  'quantum',
  'cedar',
  'harbor',
  'lumen',
  'vertex',
  'maple',
  'atlas',
  'beacon',
  'cobalt',
  'delta',
  'ember',
  'falcon',
  'granite',
  'helix',
  'indigo',
  'juniper',
  'kepler',
  'lattice',
  'meridian',
  'nova',
  'onyx',
  'pioneer',
  'quartz',
  'raven',
  'sierra',
  'tundra',
  'umbra',
  'vector',
  'willow',
  'xenon',
  'yonder',
  'zephyr',
  'aurora',
  'basalt',
  'cinder',
  'dune',
  'echo',
  'fjord',
  'glacier',
  'horizon',
  'iris',
  'jade',
  'kite',
  'lotus',
  'mosaic',
  'north',
];
const suffixes = [
  'labs',
  'ai',
  'works',
  'tools',
  'dev',
  'hq',
  'io',
  'systems',
  'studio',
  'cloud',
  'data',
  'ops',
  'apps',
  'bots',
  'tech',
  'digital',
  'soft',
  'group',
  'agents',
  'co',
];
const extraTags = [
  'ai',
  'automation',
  'nlp',
  'llm',
  'productivity',
  'devops',
  'security',
  'finance',
  'sales',
  'marketing',
  'hr',
  'legal',
  'analytics',
  'reporting',
  'chat',
  'search',
  'workflow',
  'compliance',
  'monitoring',
  'ci',
  'documents',
  'customer-success',
  'crm',
  'ecommerce',
  'social',
  'video',
  'audio',
  'translation',
  'summaries',
  'notifications',
];
const vocabulary = [
  'the',
  'agent',
  'reads',
  'your',
  'messages',
  'and',
  'writes',
  'a',
  'short',
  'summary',
  'every',
  'morning',
  'with',
  'links',
  'to',
  'threads',
  'that',
  'need',
  'attention',
  'it',
  'can',
  'post',
  'updates',
  'channel',
  'team',
  'review',
  'pull',
  'request',
  'comments',
  'detect',
  'secrets',
  'vulnerabilities',
  'dependencies',
  'license',
  'invoices',
  'receipts',
  'totals',
  'currency',
  'customers',
  'orders',
  'refunds',
  'tickets',
  'priority',
  'escalation',
  'sentiment',
  'language',
  'translation',
  'german',
  'french',
  'spanish',
  'japanese',
  'pipeline',
  'warehouse',
  'queries',
  'dashboards',
  'metrics',
  'anomalies',
  'forecast',
  'budget',
  'schedule',
  'calendar',
  'meetings',
  'notes',
  'action',
  'items',
  'owners',
  'deadlines',
  'reminders',
  'contracts',
  'clauses',
  'risk',
  'compliance',
  'audit',
  'trail',
  'logs',
  'errors',
  'incidents',
  'on-call',
  'runbook',
  'deploys',
  'rollback',
  'clusters',
  'containers',
  'images',
  'costs',
  'usage',
  'quotas',
  'leads',
  'pipeline',
  'outreach',
  'campaigns',
  'newsletter',
  'drafts',
  'headlines',
  'seo',
  'keywords',
  'articles',
  'videos',
  'transcripts',
  'podcasts',
  'chapters',
  'highlights',
  'resumes',
  'candidates',
  'interviews',
  'feedback',
  'surveys',
  'responses',
  'trends',
  'charts',
  'spreadsheets',
  'columns',
  'rows',
  'csv',
  'json',
  'pdf',
  'documents',
  'search',
  'index',
  'knowledge',
  'base',
  'answers',
  'questions',
  'citations',
  'sources',
  'privacy',
  'redaction',
  'encryption',
  'webhooks',
  'api',
  'tokens',
  'permissions',
  'configure',
  'install',
  'setup',
  'requires',
  'network',
  'access',
];

const list = (words: readonly string[]) => `array[${words.map((word) => `'${word}'`).join(',')}]`;

/** Bulk-inserts the catalogue into a migrated database at `url`; returns what it made. */
export async function buildSearchCatalogue(
  url: string,
  options: CatalogueOptions,
): Promise<CatalogueFacts> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const statements = catalogueSql(options);
    await client.query('begin');
    await client.query('select setseed(0.42)');
    for (const statement of statements) await client.query(statement);
    await client.query('commit');
    await client.query('vacuum analyze');
    const { rows } = await client.query<Omit<CatalogueFacts, 'buildSeconds'>>(`
      select (select count(*) from publishers)::int as publishers,
        (select count(*) from agents)::int as agents,
        (select count(*) from agent_versions)::int as versions,
        (select count(*) from agent_versions where superseded_at is null)::int as "currentVersions",
        (select count(*) from install_events)::int as "installEvents",
        (select count(*) from tasks)::int as runs`);
    return { ...rows[0]!, buildSeconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

function catalogueSql({ agents, installEvents, runs, reviewEvents }: CatalogueOptions): string[] {
  const pick = (words: readonly string[], index: string) =>
    `(${list(words)})[1 + ((${index}) % ${words.length})]`;
  // Skewed draw: low indices (the first words of a list) come up far more often.
  const skewed = (words: readonly string[]) =>
    `(${list(words)})[1 + floor(${words.length} * power(random(), 2))::int]`;
  const scopes = prefixes.length * suffixes.length;
  const pairs = topics.length * actions.length;
  return [
    `insert into users (email, display_name, password_hash)
       values ('bench-publisher@example.com', 'Bench Publisher', 'x')`,
    `insert into publishers (scope, owner_user_id, verified)
       select ${pick(prefixes, 'j')} || '-' || ${pick(suffixes, `j / ${prefixes.length}`)},
         (select id from users limit 1), random() < 0.15
       from generate_series(0, ${scopes - 1}) j`,
    // One row per agent: its scope, name parts, version count and popularity.
    `create temporary table gen_agents on commit drop as
       select i, gen_random_uuid() as id,
         ${pick(prefixes, `i % ${scopes}`)} || '-' || ${pick(suffixes, `(i % ${scopes}) / ${prefixes.length}`)} as scope,
         ${pick(topics, `p % ${topics.length}`)} as topic,
         ${pick(actions, `p / ${topics.length}`)} as action,
         1 + (i * 7919) % 7 as versions,
         now() - (30 + random() * 700) * interval '1 day' as created_at,
         random() * 60 * interval '1 day' as age,
         floor(exp(random() * random() * 12))::int as installs,
         floor(exp(random() * random() * 7))::int - 1 as ratings,
         2 + random() * 3 as mean_rating
       from (select i, ((i / ${scopes}) * 37 + (i % ${scopes}) * 11) % ${pairs} as p
             from generate_series(0, ${agents - 1}) i) numbered`,
    `create temporary table gen_versions on commit drop as
       select g.id as agent_id, g.i, k, g.versions,
         (1 + (k - 1) / 3) || '.' || ((k - 1) % 3) || '.' || (g.i % 5) as version,
         1 + (k - 1) / 3 as major, (k - 1) % 3 as minor, g.i % 5 as patch,
         g.scope || '/' || g.topic || '-' || g.action as name,
         initcap(g.topic || ' ' || g.action) as display_name,
         g.topic, g.action,
         g.created_at + (now() - g.age - g.created_at) * (k - 1) / greatest(g.versions - 1, 1) as published_at,
         case when k < g.versions
           then g.created_at + (now() - g.age - g.created_at) * k / greatest(g.versions - 1, 1) end as superseded_at,
         not (g.i % 25 = 0 and k = g.versions) as compatible
       from gen_agents g cross join lateral generate_series(1, g.versions) k`,
    `insert into agents (id, name, publisher, latest_version, latest_compatible_version,
         install_count, rating_count, rating_sum, performance_score, created_at, updated_at)
       select g.id, v.name, g.scope, v.version, c.version,
         g.installs, greatest(g.ratings, 0), round(greatest(g.ratings, 0) * g.mean_rating)::int,
         50 + (g.i % 50), g.created_at, v.published_at
       from gen_agents g join gen_versions v on v.agent_id = g.id and v.k = g.versions
       left join (select distinct on (agent_id) agent_id, version from gen_versions
                  where compatible order by agent_id, k desc) c on c.agent_id = g.id`,
    `insert into agent_versions (agent_id, version, major, minor, patch, kind, name, display_name,
         description, category, tags, tags_text, readme, engines_range, compatible, dependencies,
         permissions, canonical_manifest, digest, signature, validation_report, verdict,
         performance_score, published_at, superseded_at)
       select agent_id, version, major, minor, patch, 'prompt', name, display_name,
         description, category, tags, array_to_string(tags, ' '), readme,
         case when compatible then '^0.1.0' else '>=2.0.0' end, compatible, '{}', '[]',
         '{}', md5(name || version), 'bench', '{"verdict":"pass"}', 'pass', 50 + (i % 50),
         published_at, superseded_at
       from (
         select v.*,
           initcap(v.action) || 's ' || v.topic || ' ' || ${skewed(vocabulary)} || ' for ' ||
             ${skewed(vocabulary)} || ' and ' || ${skewed(vocabulary)} ||
             case when v.k > 1 then '. Now with ' || ${skewed(vocabulary)} || ' support.' else '.' end
             as description,
           (array['automation','analytics','security','integration','productivity','development',
             'content','research','support','operations'])[1 + (v.i * 31 + (v.k / 4)) % 10] as category,
           array(select distinct t from unnest(array[v.topic, ${skewed(extraTags)}, ${skewed(extraTags)},
             case when random() < 0.5 then ${skewed(extraTags)} end, case when random() < 0.3 then v.action end]) t
             where t is not null) as tags,
           (select string_agg(${skewed(vocabulary)}, ' ')
              from generate_series(1, 60 + (v.i * 13 + v.k * 7) % 141) w where w > 0 and v.k > 0) as readme
         from gen_versions v
       ) listed`,
    `insert into install_events (agent_id, kind, version, at)
       select g.id, case when random() < 0.1 then 'uninstall' when random() < 0.2 then 'update' else 'install' end,
         '1.0.0', now() - random() * 30 * interval '1 day'
       from (select floor(${agents} * power(random(), 3))::int as i
             from generate_series(1, ${installEvents})) e
       join gen_agents g on g.i = e.i`,
    `insert into tasks (user_id, agent, input, status, timeout_ms, created_at)
       select (select id from users limit 1), a.name, '{}', 'succeeded', 60000,
         now() - random() * 30 * interval '1 day'
       from (select floor(${agents} * power(random(), 3))::int as i
             from generate_series(1, ${runs})) e
       join gen_agents g on g.i = e.i
       join agents a on a.id = g.id`,
    `insert into review_events (agent_id, sum_delta, count_delta, at)
       select g.id, 1 + floor(random() * 5)::int, 1, now() - (1 + random() * 700) * interval '1 day'
       from (select floor(${agents} * random())::int as i
             from generate_series(1, ${reviewEvents})) e
       join gen_agents g on g.i = e.i`,
  ];
}
