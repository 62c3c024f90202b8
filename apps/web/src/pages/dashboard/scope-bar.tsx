import { useState, type SubmitEvent } from 'react';
import { useApiClients } from '../../api/api-provider';
import { errorMessage } from '../../api/errors';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { CloseIcon } from '../../components/icons';

/** The scopes whose agents are shown, with a way to add one published from elsewhere. */
export function ScopeBar({
  scopes,
  onAdd,
  onRemove,
}: {
  scopes: readonly string[];
  onAdd: (scope: string) => void;
  onRemove: (scope: string) => void;
}) {
  const { trpcClient } = useApiClients();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const scope = draft.trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/.test(scope)) {
      setError('A scope is 2–40 lowercase letters, digits or dashes, like “acme”.');
      return;
    }
    setChecking(true);
    try {
      const list = await trpcClient.marketplace.agents.list.query({ publisher: scope, limit: 1 });
      const first = list.items[0];
      if (!first) {
        setError(`Nothing is published under “${scope}” yet. Publish an agent to claim it.`);
        return;
      }
      const detail = await trpcClient.marketplace.agents.get.query({ name: first.name });
      if (!detail.canManage) {
        setError(`“${scope}” belongs to another publisher.`);
        return;
      }
      onAdd(scope);
      setDraft('');
      setError(undefined);
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="scope-bar">
      <div className="scope-bar__scopes">
        <p className="scope-bar__title" id="scopes-title">
          Your scopes
        </p>
        {scopes.length === 0 ? (
          <p className="muted">None yet: publish an agent, or add the scope you publish under.</p>
        ) : (
          <ul className="scope-bar__list" aria-labelledby="scopes-title">
            {scopes.map((scope) => (
              <li key={scope} className="scope-chip">
                <code>{scope}</code>
                <button
                  type="button"
                  className="scope-chip__remove"
                  onClick={() => onRemove(scope)}
                  aria-label={`Stop showing ${scope}`}
                >
                  <CloseIcon size={14} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <form className="scope-bar__form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="Add a scope you publish under"
          value={draft}
          autoComplete="off"
          spellCheck={false}
          placeholder="acme"
          error={error}
          onChange={(event) => {
            setDraft(event.currentTarget.value);
            setError(undefined);
          }}
        />
        <Button type="submit" variant="secondary" pending={checking} pendingLabel="Checking…">
          Add
        </Button>
      </form>
    </div>
  );
}
