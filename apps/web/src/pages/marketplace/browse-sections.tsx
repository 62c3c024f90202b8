import { marketplaceCategories } from '@capecontrol/schema';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { ErrorState, Skeleton } from '../../components/states';
import { CATEGORY_BLURBS, CATEGORY_LABELS } from '../../marketplace/format';
import { defaultSearchState, searchStateToParams } from '../../marketplace/search-state';
import { AgentCard, AgentCardSkeleton } from './agent-card';

/** The ten categories with how many agents each holds; each opens its search. */
export function CategoryGrid() {
  const categories = trpc.marketplace.categories.useQuery(undefined, { staleTime: 60_000 });
  const counts = new Map(categories.data?.map((item) => [item.category, item.count]));
  return (
    <section
      className="section"
      aria-labelledby="categories-heading"
      aria-busy={categories.isPending}
    >
      <div className="section__header">
        <h2 id="categories-heading">Browse by category</h2>
      </div>
      {categories.isError ? (
        <ErrorState
          title="Couldn't load the categories"
          message={errorMessage(categories.error)}
          onRetry={() => void categories.refetch()}
          retrying={categories.isFetching}
        />
      ) : (
        <ul className="category-grid">
          {marketplaceCategories.map((category) => {
            const count = counts.get(category);
            const search = searchStateToParams({ ...defaultSearchState, category }).toString();
            return (
              <li key={category}>
                <Link to={`/marketplace?${search}`} className="category-tile">
                  <span className="category-tile__name">{CATEGORY_LABELS[category]}</span>
                  <span className="category-tile__blurb">{CATEGORY_BLURBS[category]}</span>
                  <span className="category-tile__count">
                    {count === undefined ? (
                      <Skeleton width="5ch" />
                    ) : (
                      `${count} ${count === 1 ? 'agent' : 'agents'}`
                    )}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

const WINDOWS = [
  { value: 'day', label: 'Today' },
  { value: 'week', label: 'This week' },
  { value: 'month', label: 'This month' },
] as const;
type TrendingWindow = (typeof WINDOWS)[number]['value'];

/** What people install and run most right now, over a day, a week or a month. */
export function TrendingSection() {
  const [period, setPeriod] = useState<TrendingWindow>('week');
  const trending = trpc.marketplace.trending.useQuery(
    { window: period, limit: 6 },
    { staleTime: 60_000, placeholderData: (previous) => previous },
  );
  const items = trending.data ?? [];
  return (
    <section className="section" aria-labelledby="trending-heading" aria-busy={trending.isFetching}>
      <div className="section__header section__header--row">
        <div className="section__header-text">
          <h2 id="trending-heading">Trending</h2>
          <p className="section__lede">
            Ranked by recent installs and runs, newer activity counting more.
          </p>
        </div>
        <div className="segmented" role="group" aria-label="Trending over">
          {WINDOWS.map((option) => (
            <button
              key={option.value}
              type="button"
              className="segmented__option"
              aria-pressed={period === option.value}
              onClick={() => setPeriod(option.value)}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>
      {trending.isPending ? (
        <div className="agent-grid">
          <span className="visually-hidden" role="status">
            Loading trending agents…
          </span>
          {[0, 1, 2].map((index) => (
            <AgentCardSkeleton key={index} />
          ))}
        </div>
      ) : trending.isError ? (
        <ErrorState
          title="Couldn't load trending agents"
          message={errorMessage(trending.error)}
          onRetry={() => void trending.refetch()}
          retrying={trending.isFetching}
        />
      ) : items.length === 0 ? (
        <p className="muted">Nothing has been installed or run in this period yet.</p>
      ) : (
        <ol className="agent-grid agent-grid--ranked">
          {items.map((agent) => (
            <li key={agent.id}>
              <AgentCard agent={agent} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
