import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { Button, buttonClass } from '../../components/button';
import { SearchIcon } from '../../components/icons';
import { PageTitle } from '../../components/page-title';
import { EmptyState, ErrorState } from '../../components/states';
import { categoryLabel } from '../../marketplace/format';
import {
  activeFilterCount,
  defaultSearchState,
  isNarrowed,
  searchStateFromParams,
  searchStateToParams,
  SORT_LABELS,
  type SearchState,
} from '../../marketplace/search-state';
import { AgentCard, AgentCardSkeleton } from './agent-card';
import { CategoryGrid, TrendingSection } from './browse-sections';
import { FiltersPanel } from './filters-panel';
import { SearchBar, type SearchUpdate } from './search-controls';
import { useSearchPages } from './use-search-pages';

export function MarketplacePage() {
  const [params, setParams] = useSearchParams();
  const state = searchStateFromParams(params);
  const narrowed = isNarrowed(state);
  const search = useSearchPages(state);
  const pages = search.data?.pages ?? [];
  const items = pages.flatMap((page) => page.items);
  const facets = pages[0]?.facets;
  const total = facets
    ? state.category
      ? (facets.categories.find((item) => item.category === state.category)?.count ?? 0)
      : facets.categories.reduce((sum, item) => sum + item.count, 0)
    : null;

  const paramsKey = params.toString();
  const update: SearchUpdate = useCallback(
    (patch, options) => {
      const next = searchStateToParams({
        ...searchStateFromParams(new URLSearchParams(paramsKey)),
        ...patch,
      });
      setParams(next, { replace: options?.replace ?? false, preventScrollReset: true });
    },
    [paramsKey, setParams],
  );
  const clearFilters = () =>
    update({ ...defaultSearchState, query: state.query, sort: state.sort });

  return (
    <div className="container page marketplace">
      <PageTitle title={state.query ? `“${state.query}” · Marketplace` : 'Marketplace'} />
      <header className="page-header page-header--with-actions">
        <div className="page-header__text">
          <p className="eyebrow">Marketplace</p>
          <h1 tabIndex={-1}>Find an agent</h1>
          <p className="page-header__lede">
            Agents published by the community, checked by the validation pipeline. Install one with
            its dependencies, then run it like any other agent.
          </p>
        </div>
        <div className="page-header__actions">
          <Link to="/marketplace/installed" className={buttonClass('secondary')}>
            Installed agents
          </Link>
          <Link to="/publish" className={buttonClass('ghost')}>
            Publish an agent
          </Link>
          <Link to="/analytics" className={buttonClass('ghost')}>
            Platform analytics
          </Link>
        </div>
      </header>

      <SearchBar state={state} onChange={update} />

      {!narrowed && (
        <>
          <CategoryGrid />
          <TrendingSection />
        </>
      )}

      <div className="results-layout">
        <FiltersPanel state={state} facets={facets} onChange={update} onClear={clearFilters} />
        <section
          className="results"
          aria-labelledby="results-heading"
          aria-busy={search.isFetching && !search.isFetchingNextPage}
        >
          <div className="results__header">
            <h2 id="results-heading" className="results__title">
              {resultsTitle(state, narrowed)}
            </h2>
            <p className="results__count" role="status">
              {total === null || search.isPlaceholderData
                ? 'Searching…'
                : `${total} ${total === 1 ? 'agent' : 'agents'} · ${SORT_LABELS[state.sort]}`}
            </p>
          </div>
          {search.isPending ? (
            <div className="agent-list">
              {[0, 1, 2, 3].map((index) => (
                <AgentCardSkeleton key={index} />
              ))}
            </div>
          ) : search.isError && items.length === 0 ? (
            <ErrorState
              title="Couldn't search the marketplace"
              message={errorMessage(search.error)}
              onRetry={() => void search.refetch()}
              retrying={search.isFetching}
            />
          ) : items.length === 0 ? (
            <NoResults state={state} onClear={clearFilters} onChange={update} />
          ) : (
            <>
              <ul className={`agent-list${search.isPlaceholderData ? ' agent-list--stale' : ''}`}>
                {items.map((agent) => (
                  <li key={agent.id}>
                    <AgentCard agent={agent} />
                  </li>
                ))}
              </ul>
              <div className="list-more">
                <p className="muted">
                  Showing {items.length} of {total ?? items.length}
                </p>
                {search.hasNextPage && (
                  <Button
                    variant="secondary"
                    onClick={() => void search.fetchNextPage()}
                    pending={search.isFetchingNextPage}
                    pendingLabel="Loading more…"
                  >
                    Load more
                  </Button>
                )}
                {search.isFetchNextPageError && (
                  <p className="field__error" role="alert">
                    Couldn&apos;t load more. {errorMessage(search.error)}
                  </p>
                )}
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function resultsTitle(state: SearchState, narrowed: boolean): string {
  const where = state.category ? ` in ${categoryLabel(state.category)}` : '';
  if (state.query) return `Results for “${state.query}”${where}`;
  if (narrowed) return `Agents${where}`;
  return 'All agents';
}

function NoResults({
  state,
  onClear,
  onChange,
}: {
  state: SearchState;
  onClear: () => void;
  onChange: SearchUpdate;
}) {
  return (
    <EmptyState icon={<SearchIcon size={22} />} title="No agents match">
      <p>
        {state.query
          ? 'Try fewer or different words, or loosen the filters.'
          : 'Loosen the filters to see more agents.'}
      </p>
      <div className="state__actions">
        {state.compatible && (
          <Button variant="secondary" size="sm" onClick={() => onChange({ compatible: false })}>
            Include agents that can’t run here
          </Button>
        )}
        {activeFilterCount(state) > 0 && (
          <Button variant="secondary" size="sm" onClick={onClear}>
            Clear filters
          </Button>
        )}
        {state.query && (
          <Button variant="ghost" size="sm" onClick={() => onChange({ query: '' })}>
            Clear the search
          </Button>
        )}
      </div>
    </EmptyState>
  );
}
