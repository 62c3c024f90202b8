import { searchSorts, type SearchSort } from '@capecontrol/schema';
import { useEffect, useState, type SubmitEvent } from 'react';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { SORT_LABELS, type SearchState } from '../../marketplace/search-state';

/** How long typing pauses before the search runs. */
const TYPING_DEBOUNCE_MS = 350;

export type SearchUpdate = (patch: Partial<SearchState>, options?: { replace?: boolean }) => void;

/**
 * The search box and the sort. Typing searches once the typist pauses; Enter searches at once.
 * The first search of a session adds a history entry, refinements replace it, so Back returns
 * to where the search began rather than through every keystroke.
 */
export function SearchBar({ state, onChange }: { state: SearchState; onChange: SearchUpdate }) {
  const [draft, setDraft] = useState(state.query);
  const [committed, setCommitted] = useState(state.query);
  // The address changed under us (Back, a category link): show its query.
  if (committed !== state.query) {
    setCommitted(state.query);
    if (draft.trim() !== state.query) setDraft(state.query);
  }

  useEffect(() => {
    if (draft.trim() === state.query) return;
    const timer = setTimeout(
      () => onChange({ query: draft.trim() }, { replace: state.query !== '' }),
      TYPING_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [draft, state.query, onChange]);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (draft.trim() !== state.query) onChange({ query: draft.trim() });
  };

  return (
    <form role="search" className="search-bar" onSubmit={submit} aria-label="Marketplace">
      <div className="search-bar__query">
        <TextField
          label="Search agents"
          type="search"
          name="q"
          value={draft}
          maxLength={200}
          autoComplete="off"
          placeholder="Meeting notes, security audit, webhooks…"
          onChange={(event) => setDraft(event.currentTarget.value)}
        />
      </div>
      <div className="search-bar__sort">
        <SelectField
          label="Sort by"
          name="sort"
          value={state.sort}
          onChange={(event) => onChange({ sort: event.currentTarget.value as SearchSort })}
        >
          {searchSorts.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </SelectField>
      </div>
      <Button type="submit" className="search-bar__submit">
        Search
      </Button>
    </form>
  );
}
