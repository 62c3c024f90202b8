import { useId, useState } from 'react';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { categoryLabel } from '../../marketplace/format';
import type { SearchPage } from '../../marketplace/marketplace-types';
import {
  activeFilterCount,
  MIN_RATINGS,
  parseTags,
  type SearchState,
} from '../../marketplace/search-state';
import type { SearchUpdate } from './search-controls';

/**
 * Filters: category (with how many agents each would leave), tags, publisher, minimum rating,
 * verified publishers, and whether to include agents that can't run here. On small screens
 * they fold away behind a "Filters" button.
 */
export function FiltersPanel({
  state,
  facets,
  onChange,
  onClear,
}: {
  state: SearchState;
  facets: SearchPage['facets'] | undefined;
  onChange: SearchUpdate;
  onClear: () => void;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const count = activeFilterCount(state);
  const total = facets?.categories.reduce((sum, item) => sum + item.count, 0);
  const categories = facets
    ? facets.categories.filter((item) => item.count > 0 || item.category === state.category)
    : [];
  if (state.category && !categories.some((item) => item.category === state.category)) {
    categories.push({ category: state.category, count: 0 });
  }

  return (
    <aside className="filters-panel" aria-labelledby={`${panelId}-heading`}>
      <div className="filters-panel__bar">
        <h2 id={`${panelId}-heading`} className="filters-panel__title">
          Filters{count > 0 && <span className="filters-panel__count"> ({count})</span>}
        </h2>
        <Button
          variant="secondary"
          size="sm"
          className="filters-panel__toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((shown) => !shown)}
        >
          {open ? 'Hide filters' : 'Show filters'}
        </Button>
      </div>
      <div
        id={panelId}
        className={`filters-panel__body${open ? ' filters-panel__body--open' : ''}`}
      >
        <fieldset className="fieldset facet">
          <legend className="field__label">Category</legend>
          <ul className="facet__list">
            <li>
              <button
                type="button"
                className="facet__option"
                aria-pressed={state.category === null}
                onClick={() => onChange({ category: null })}
              >
                <span>All categories</span>
                {total !== undefined && <span className="facet__count">{total}</span>}
              </button>
            </li>
            {categories.map((item) => (
              <li key={item.category}>
                <button
                  type="button"
                  className="facet__option"
                  aria-pressed={state.category === item.category}
                  onClick={() =>
                    onChange({
                      category:
                        state.category === item.category
                          ? null
                          : (item.category as SearchState['category']),
                    })
                  }
                >
                  <span>{categoryLabel(item.category)}</span>
                  <span className="facet__count">
                    {item.count}
                    <span className="visually-hidden">
                      {' '}
                      {item.count === 1 ? 'agent' : 'agents'}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </fieldset>

        <CommitOnBlurField
          label="Tags"
          hint="Comma-separated; agents must have all of them."
          value={state.tags.join(', ')}
          onCommit={(text) => onChange({ tags: parseTags(text) })}
        />
        <CommitOnBlurField
          label="Publisher"
          hint="A publisher scope, like “acme”."
          value={state.publisher ?? ''}
          onCommit={(text) => {
            const scope = text.trim().toLowerCase();
            onChange({ publisher: /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/.test(scope) ? scope : null });
          }}
        />
        <SelectField
          label="Rating"
          name="rating"
          value={state.minRating === null ? '' : String(state.minRating)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onChange({ minRating: value === '' ? null : Number(value) });
          }}
        >
          <option value="">Any rating</option>
          {MIN_RATINGS.map((rating) => (
            <option key={rating} value={rating}>
              {rating} stars and up
            </option>
          ))}
        </SelectField>
        <div className="checks">
          <div className="check">
            <input
              id={`${panelId}-verified`}
              type="checkbox"
              checked={state.verified}
              onChange={(event) => onChange({ verified: event.currentTarget.checked })}
            />
            <label htmlFor={`${panelId}-verified`} className="check__label">
              Verified publishers only
            </label>
          </div>
          <div className="check">
            <input
              id={`${panelId}-incompatible`}
              type="checkbox"
              checked={!state.compatible}
              onChange={(event) => onChange({ compatible: !event.currentTarget.checked })}
              aria-describedby={`${panelId}-incompatible-description`}
            />
            <label htmlFor={`${panelId}-incompatible`} className="check__label">
              Include agents that can’t run here
            </label>
            <p id={`${panelId}-incompatible-description`} className="check__description">
              Agents whose every version needs another CapeControl version.
            </p>
          </div>
        </div>
        {count > 0 && (
          <Button variant="ghost" size="sm" onClick={onClear}>
            Clear filters
          </Button>
        )}
      </div>
    </aside>
  );
}

/** A text filter applied when the field is left or Enter is pressed (not on every keystroke). */
function CommitOnBlurField({
  label,
  hint,
  value,
  onCommit,
}: {
  label: string;
  hint: string;
  value: string;
  onCommit: (text: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft);
  };
  return (
    <TextField
      label={label}
      hint={hint}
      value={draft}
      autoComplete="off"
      spellCheck={false}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        }
      }}
    />
  );
}
