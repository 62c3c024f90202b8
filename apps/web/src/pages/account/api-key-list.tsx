import type { ApiKey } from '@capecontrol/schema';
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Button } from '../../components/button';
import { KeyIcon } from '../../components/icons';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { DateText, RelativeTime } from '../../components/time';
import { useNow } from '../../lib/time';
import { keyStatus, STATUS_LABELS } from './key-status';
import { RevokeApiKeyDialog } from './revoke-api-key-dialog';

export const KEY_LIST_HEADING_ID = 'api-key-list-heading';

export function ApiKeyList() {
  const keys = trpc.auth.apiKeys.list.useQuery();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const now = useNow();
  const count = keys.data?.length ? ` (${keys.data.length})` : '';

  return (
    <section
      className="api-keys__list"
      aria-labelledby={KEY_LIST_HEADING_ID}
      aria-busy={keys.isPending}
    >
      <h3 id={KEY_LIST_HEADING_ID} className="card__title" tabIndex={-1}>
        Your keys{count}
      </h3>
      {keys.isPending ? (
        <KeyListSkeleton />
      ) : keys.isError ? (
        <ErrorState
          title="Couldn't load your API keys"
          message={errorMessage(keys.error)}
          onRetry={() => void keys.refetch()}
          retrying={keys.isFetching}
        />
      ) : keys.data.length === 0 ? (
        <EmptyState icon={<KeyIcon size={22} />} title="No API keys yet">
          Create your first key to let an app, a script or your CI call CapeControl for you.
        </EmptyState>
      ) : (
        <ul className="key-list">
          {keys.data.map((key) => (
            <KeyItem key={key.id} apiKey={key} now={now} onRevoke={setRevoking} />
          ))}
        </ul>
      )}
      <RevokeApiKeyDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </section>
  );
}

function KeyItem({
  apiKey,
  now,
  onRevoke,
}: {
  apiKey: ApiKey;
  now: number;
  onRevoke: (key: ApiKey) => void;
}) {
  const status = keyStatus(apiKey, now);
  return (
    <li id={`api-key-${apiKey.id}`} className={`key key--${status}`} tabIndex={-1}>
      <div className="key__head">
        <h4 className="key__name">{apiKey.name}</h4>
        <span className={`badge badge--${status}`}>
          <span className="visually-hidden">Status: </span>
          {STATUS_LABELS[status]}
        </span>
      </div>
      <div className="key__identity">
        <code className="key__prefix" title="The start of the key, to recognise it">
          {apiKey.prefix}…
        </code>
        <ul className="key__scopes" aria-label="Scopes">
          {apiKey.scopes.map((scope) => (
            <li key={scope} className="chip">
              {scope}
            </li>
          ))}
        </ul>
      </div>
      <dl className="key__meta">
        <div>
          <dt>Created</dt>
          <dd>
            <DateText iso={apiKey.createdAt} />
          </dd>
        </div>
        {apiKey.revokedAt ? (
          <div>
            <dt>Revoked</dt>
            <dd>
              <DateText iso={apiKey.revokedAt} />
            </dd>
          </div>
        ) : (
          <div>
            <dt>{status === 'expired' ? 'Expired' : 'Expires'}</dt>
            <dd>
              <DateText iso={apiKey.expiresAt} />{' '}
              <span className="muted">
                (<RelativeTime iso={apiKey.expiresAt} now={now} />)
              </span>
            </dd>
          </div>
        )}
        <div>
          <dt>Last used</dt>
          <dd>
            {apiKey.lastUsedAt ? <RelativeTime iso={apiKey.lastUsedAt} now={now} /> : 'Never'}
          </dd>
        </div>
      </dl>
      {status === 'active' && (
        <div className="key__actions">
          <Button variant="danger-outline" size="sm" onClick={() => onRevoke(apiKey)}>
            Revoke<span className="visually-hidden"> {apiKey.name}</span>
          </Button>
        </div>
      )}
    </li>
  );
}

function KeyListSkeleton() {
  return (
    <div className="key-list">
      <span className="visually-hidden" role="status">
        Loading your API keys…
      </span>
      {[0, 1].map((row) => (
        <div key={row} className="key key--skeleton" aria-hidden="true">
          <Skeleton width="40%" height="1.1rem" />
          <Skeleton width="60%" />
          <Skeleton width="80%" />
        </div>
      ))}
    </div>
  );
}
