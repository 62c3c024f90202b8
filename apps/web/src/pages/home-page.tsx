import type { ApiKey } from '@capecontrol/schema';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/errors';
import { trpc } from '../api/trpc';
import { buttonClass } from '../components/button';
import { ArrowRightIcon, CheckIcon } from '../components/icons';
import { PageTitle } from '../components/page-title';
import { ErrorState, Skeleton } from '../components/states';
import { DateText } from '../components/time';
import { useNow } from '../lib/time';
import { useSignedInUser } from '../session/use-session';
import { keyStatus } from './account/key-status';

const ROLE_LABELS = { user: 'Member', publisher: 'Publisher', admin: 'Administrator' } as const;

export function HomePage() {
  const user = useSignedInUser();
  const keys = trpc.auth.apiKeys.list.useQuery();
  const now = useNow();
  const activeKeys = keys.data?.filter((key) => keyStatus(key, now) === 'active').length ?? 0;

  return (
    <div className="container page">
      <PageTitle title="Home" />
      <header className="page-header">
        <p className="eyebrow">Overview</p>
        <h1 tabIndex={-1}>Welcome, {user.displayName}</h1>
        <p className="page-header__lede">
          This is your CapeControl workspace. Create an API key to connect your apps and scripts.
        </p>
      </header>

      <div className="overview-grid">
        <section className="card" aria-labelledby="home-account">
          <h2 id="home-account" className="card__title">
            Your account
          </h2>
          <dl className="facts">
            <div>
              <dt>Email</dt>
              <dd className="truncate">{user.email}</dd>
            </div>
            <div>
              <dt>Role</dt>
              <dd>{ROLE_LABELS[user.role]}</dd>
            </div>
            <div>
              <dt>Member since</dt>
              <dd>
                <DateText iso={user.createdAt} />
              </dd>
            </div>
          </dl>
          <Link to="/account" className="card__link">
            View account <ArrowRightIcon />
          </Link>
        </section>

        <section className="card" aria-labelledby="home-keys" aria-busy={keys.isPending}>
          <h2 id="home-keys" className="card__title">
            API keys
          </h2>
          {keys.isPending ? (
            <div className="stat">
              <Skeleton width="3ch" height="2.25rem" />
              <Skeleton width="12ch" />
              <span className="visually-hidden" role="status">
                Loading your API keys…
              </span>
            </div>
          ) : keys.isError ? (
            <ErrorState
              title="Couldn't load your API keys"
              message={errorMessage(keys.error)}
              onRetry={() => void keys.refetch()}
              retrying={keys.isFetching}
            />
          ) : (
            <KeySummary keys={keys.data} active={activeKeys} />
          )}
          <Link to="/account#api-keys" className="card__link">
            Manage API keys <ArrowRightIcon />
          </Link>
        </section>

        <section className="card card--wide" aria-labelledby="home-start">
          <h2 id="home-start" className="card__title">
            Get started
          </h2>
          <ol className="steps">
            <Step done title="Create your account">
              You are signed in as {user.email}.
            </Step>
            <Step done={activeKeys > 0} title="Create an API key">
              Keys carry only the scopes you choose and expire on their own.
              {activeKeys === 0 && (
                <div className="steps__action">
                  <Link to="/account#api-keys" className={buttonClass('secondary', 'sm')}>
                    Create a key
                  </Link>
                </div>
              )}
            </Step>
            <Step done={false} title="Call CapeControl from TypeScript">
              Every procedure is fully typed in the client package:
              <pre className="code">
                <code>{clientSnippet(window.location.origin)}</code>
              </pre>
            </Step>
          </ol>
        </section>
      </div>
    </div>
  );
}

function KeySummary({ keys, active }: { keys: ApiKey[]; active: number }) {
  const inactive = keys.length - active;
  return (
    <div className="stat">
      <span className="stat__value">{active}</span>
      <span className="stat__label">
        active {active === 1 ? 'key' : 'keys'}
        {inactive > 0 && ` · ${inactive} revoked or expired`}
      </span>
      {keys.length === 0 && (
        <p className="stat__hint">No keys yet. Create one to connect an app or a script.</p>
      )}
    </div>
  );
}

function Step({ done, title, children }: { done: boolean; title: string; children: ReactNode }) {
  return (
    <li className={`step${done ? ' step--done' : ''}`}>
      <span className="step__marker" aria-hidden="true">
        {done ? <CheckIcon size={14} /> : null}
      </span>
      <div className="step__body">
        <p className="step__title">
          {title}
          {done && <span className="visually-hidden"> (done)</span>}
        </p>
        <div className="step__text">{children}</div>
      </div>
    </li>
  );
}

function clientSnippet(origin: string): string {
  return `import { createCapeClient } from '@capecontrol/client';

const cape = createCapeClient({
  url: '${origin}',
  apiKey: process.env.CAPE_API_KEY,
});

const { user } = await cape.auth.me.query();`;
}
