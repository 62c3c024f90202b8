import { createDatabase, type DB } from '@capecontrol/db';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
// searchAgents is what `marketplace.search` calls; the benchmark measures it directly (no tRPC).
import { searchAgents } from '../../../packages/api/src/marketplace/search';
import { refreshTrendingScores } from '../../../packages/api/src/marketplace/trending';
import { buildSearchCatalogue, type CatalogueFacts } from './lib/search-catalogue';
import { benchQueries, type BenchQuery, type QueryClass } from './lib/search-queries';
import type { ScratchServer } from './lib/scratch';
import { percentile, summarizeRepeats, type LatencySummary, type RepeatSummary } from './lib/stats';

export interface SearchBenchOptions {
  agents: number;
  /** Samples of each variant per query in each repeat. */
  samplesPerQuery: number;
  repeats: number;
  /** Warm-up passes over the whole query set (both variants), discarded. */
  warmupPasses: number;
  poolSize: number;
}

export type SearchVariant = 'capecontrol' | 'bare-sql';

interface Distribution extends LatencySummary {
  p95: number;
}

export interface SearchBenchResult {
  options: SearchBenchOptions;
  catalogue: CatalogueFacts;
  queries: Array<{ label: string; kind: QueryClass; matches: number; statements: number }>;
  variants: Record<
    SearchVariant,
    { label: string; latency: Distribution; p95ByRepeat: RepeatSummary }
  >;
  /** CapeControl p95 ÷ bare SQL p95 within each repeat. */
  p95RatioByRepeat: RepeatSummary;
  byClass: Array<{ kind: QueryClass; capecontrol: Distribution; bareSql: Distribution }>;
  byQuery: Array<{ label: string; capecontrol: Distribution; bareSql: Distribution }>;
}

function distribution(samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

interface Prepared {
  query: BenchQuery;
  options: BenchQuery['options'];
  /** The statements searchAgents sends for this query, as kysely compiled them. */
  statements: CompiledQuery[];
  matches: number;
}

/**
 * Marketplace search over a generated catalogue of ≈ 100 000 agent versions: `searchAgents`
 * (what `marketplace.search` calls) with the application's kysely database, against the bare
 * SQL of the same queries (the statements kysely compiled for each, captured through its log
 * hook) sent with `pg`, in the same process and order-alternating blocks.
 */
export async function benchSearch(
  scratch: ScratchServer,
  options: SearchBenchOptions,
  log: (line: string) => void,
): Promise<SearchBenchResult> {
  const { name, url } = await scratch.create('search');
  const database = await createDatabase({ kind: 'postgres', url, poolSize: options.poolSize });
  const capturePool = new pg.Pool({ connectionString: url, max: 2 });
  const barePool = new pg.Pool({ connectionString: url, max: options.poolSize });
  try {
    await database.migrate();
    log(`  building the catalogue (${options.agents} agents) …`);
    const catalogue = await buildSearchCatalogue(url, {
      agents: options.agents,
      installEvents: 100_000,
      runs: 40_000,
      reviewEvents: 50_000,
    });
    // The server stores trending scores when it starts and every minute after; so does this.
    await refreshTrendingScores(database.db);
    log(
      `  ${catalogue.versions} versions of ${catalogue.agents} agents (${catalogue.currentVersions} current) by ${catalogue.publishers} publishers, ${catalogue.installEvents} install events, ${catalogue.runs} runs; built in ${catalogue.buildSeconds.toFixed(1)} s`,
    );

    let captured: CompiledQuery[] = [];
    const captureDb = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: capturePool }),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
    const prepared: Prepared[] = [];
    for (const query of benchQueries) {
      let queryOptions = query.options;
      if (query.secondPage) {
        const first = await searchAgents(database.db, query.options, null);
        if (!first.nextCursor) throw new Error(`${query.label}: no second page`);
        queryOptions = { ...query.options, cursor: first.nextCursor };
      }
      captured = [];
      const result = await searchAgents(captureDb, queryOptions, null);
      // Later pages carry no facets; count their matches on the first page.
      const facets = result.facets ?? (await searchAgents(database.db, query.options, null)).facets;
      const matches = (facets?.categories ?? []).reduce((sum, facet) => sum + facet.count, 0);
      prepared.push({ query, options: queryOptions, statements: captured, matches });
    }

    const run: Record<SearchVariant, (entry: Prepared) => Promise<unknown>> = {
      capecontrol: (entry) => searchAgents(database.db, entry.options, null),
      'bare-sql': (entry) =>
        Promise.all(
          entry.statements.map((statement) =>
            barePool.query(statement.sql, statement.parameters as unknown[]),
          ),
        ),
    };
    const time = async (variant: SearchVariant, entry: Prepared) => {
      const start = performance.now();
      await run[variant](entry);
      return performance.now() - start;
    };

    for (let pass = 0; pass < options.warmupPasses; pass += 1) {
      for (const entry of prepared) {
        await time('capecontrol', entry);
        await time('bare-sql', entry);
      }
    }

    // samples[variant][repeat][query] = milliseconds
    const samples: Record<SearchVariant, number[][][]> = { capecontrol: [], 'bare-sql': [] };
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      samples.capecontrol.push(prepared.map(() => []));
      samples['bare-sql'].push(prepared.map(() => []));
      for (const [index, entry] of prepared.entries()) {
        for (let sample = 0; sample < options.samplesPerQuery; sample += 1) {
          const order: SearchVariant[] =
            (index + sample + repeat) % 2 === 0
              ? ['capecontrol', 'bare-sql']
              : ['bare-sql', 'capecontrol'];
          for (const variant of order)
            samples[variant][repeat]![index]!.push(await time(variant, entry));
        }
      }
      const p95 = (variant: SearchVariant) =>
        percentile(samples[variant][repeat]!.flat(), 95).toFixed(2);
      log(
        `  repeat ${repeat + 1}/${options.repeats}: p95 ${p95('capecontrol')} ms (CapeControl), ${p95('bare-sql')} ms (bare SQL)`,
      );
    }

    const pooled = (variant: SearchVariant, keep: (index: number) => boolean = () => true) =>
      samples[variant].flatMap((repeat) => repeat.filter((_, index) => keep(index)).flat());
    const p95ByRepeat = (variant: SearchVariant) =>
      samples[variant].map((repeat) => percentile(repeat.flat(), 95));
    const ours = p95ByRepeat('capecontrol');
    const bare = p95ByRepeat('bare-sql');
    const kinds = [...new Set(benchQueries.map((query) => query.kind))];
    return {
      options,
      catalogue,
      queries: prepared.map((entry) => ({
        label: entry.query.label,
        kind: entry.query.kind,
        matches: entry.matches,
        statements: entry.statements.length,
      })),
      variants: {
        capecontrol: {
          label: 'CapeControl searchAgents (kysely)',
          latency: distribution(pooled('capecontrol')),
          p95ByRepeat: summarizeRepeats(ours),
        },
        'bare-sql': {
          label: 'bare SQL of the same queries (pg)',
          latency: distribution(pooled('bare-sql')),
          p95ByRepeat: summarizeRepeats(bare),
        },
      },
      p95RatioByRepeat: summarizeRepeats(ours.map((value, repeat) => value / bare[repeat]!)),
      byClass: kinds.map((kind) => {
        const keep = (index: number) => prepared[index]!.query.kind === kind;
        return {
          kind,
          capecontrol: distribution(pooled('capecontrol', keep)),
          bareSql: distribution(pooled('bare-sql', keep)),
        };
      }),
      byQuery: prepared.map((entry, index) => ({
        label: entry.query.label,
        capecontrol: distribution(pooled('capecontrol', (other) => other === index)),
        bareSql: distribution(pooled('bare-sql', (other) => other === index)),
      })),
    };
  } finally {
    await capturePool.end();
    await barePool.end();
    await database.close();
    await scratch.drop(name);
  }
}
