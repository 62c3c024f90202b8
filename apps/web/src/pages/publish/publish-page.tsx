import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { PageTitle } from '../../components/page-title';
import { Spinner } from '../../components/spinner';
import { agentPath, scopeOf } from '../../marketplace/format';
import { parseJsonText } from '../../marketplace/manifest-json';
import type { PublishResult } from '../../marketplace/marketplace-types';
import { rememberScope, suggestScope } from '../../marketplace/publisher-scopes';
import { VERDICT_LABELS } from '../../marketplace/report';
import { useSignedInUser } from '../../session/use-session';
import { ValidationReportView } from '../marketplace/validation-report';
import { BecomePublisher } from './become-publisher';
import { exampleManifest } from './example-manifest';
import { ManifestEditor } from './manifest-editor';
import { reportOf, useLiveValidation } from './use-live-validation';

/**
 * Publishing a version: paste or upload a manifest, watch the validation report follow the
 * edits, then publish — the server runs the same pipeline again, signs and stores the version.
 */
export function PublishPage() {
  const user = useSignedInUser();
  const utils = trpc.useUtils();
  const canPublish = user.role === 'publisher' || user.role === 'admin';
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [published, setPublished] = useState<PublishResult | null>(null);
  const parsed = parseJsonText(text);
  const source = parsed.ok ? text : null;
  const live = useLiveValidation(parsed.ok ? parsed.value : null, source);
  const report = reportOf(live);
  const current = live.state === 'checked' && live.for === text;
  const name = manifestName(parsed.ok ? parsed.value : null);

  const publish = trpc.marketplace.agents.publish.useMutation({
    onSuccess: (result) => {
      setPublished(result);
      if (result.status === 'published') {
        rememberScope(user.id, scopeOf(result.name));
        void utils.marketplace.invalidate();
      }
      requestAnimationFrame(() => document.getElementById('publish-result')?.focus());
    },
  });

  const edit = (next: string) => {
    setText(next);
    if (published) setPublished(null);
    if (publish.error) publish.reset();
  };

  const blocked = current && live.report.verdict === 'blocked';

  return (
    <div className="container page publish-page">
      <PageTitle title="Publish an agent" />
      <header className="page-header">
        <p className="eyebrow">Publish</p>
        <h1 tabIndex={-1}>Publish an agent</h1>
        <p className="page-header__lede">
          An agent is a manifest: data, never code. Paste yours or upload the file; the validation
          report follows your edits. Versions are immutable once published.
        </p>
      </header>

      {!canPublish && <BecomePublisher />}

      <div className="publish-layout">
        <div className="publish-layout__editor">
          {fileError && <Alert tone="error">{fileError}</Alert>}
          <ManifestEditor
            value={text}
            onChange={edit}
            syntaxError={parsed.ok || text === '' ? null : parsed.error}
            onFileError={setFileError}
          />
          <div className="publish-actions">
            {text === '' && (
              <Button
                variant="ghost"
                size="sm"
                onClick={() => edit(exampleManifest(suggestScope(user.displayName)))}
              >
                Start from an example
              </Button>
            )}
            <Button
              onClick={() => parsed.ok && publish.mutate({ manifest: parsed.value })}
              disabled={!canPublish || !parsed.ok || blocked}
              pending={publish.isPending}
              pendingLabel="Validating, signing and publishing…"
            >
              Publish{name ? ` ${name}` : ''}
            </Button>
          </div>
          {!canPublish && <p className="muted">Publishing needs the publisher role (see above).</p>}
          {blocked && (
            <p className="field__error">Fix what blocks the manifest before publishing it.</p>
          )}
          {publish.error && (
            <Alert tone="error" title="Not published">
              {errorMessage(publish.error)}
            </Alert>
          )}
          {published && <PublishOutcome result={published} />}
        </div>

        <section
          className="publish-layout__report card"
          aria-labelledby="live-report-heading"
          aria-busy={live.state === 'checking'}
        >
          <div className="card__header">
            <h2 id="live-report-heading" className="card__title">
              Validation report
            </h2>
            <p className="live-note" role="status">
              {text.trim() === '' ? (
                ''
              ) : !parsed.ok ? (
                'Waiting for valid JSON'
              ) : live.state === 'checking' || (live.state !== 'failed' && !current) ? (
                <>
                  <Spinner size={12} /> Checking…
                </>
              ) : live.state === 'failed' ? (
                'Couldn’t check'
              ) : (
                `Up to date: ${VERDICT_LABELS[live.report.verdict].toLowerCase()}`
              )}
            </p>
          </div>
          {live.state === 'failed' && (
            <Alert tone="error" title="Couldn't validate">
              {live.message}
            </Alert>
          )}
          {report ? (
            <div className={current ? undefined : 'report--stale'}>
              <ValidationReportView report={report} />
            </div>
          ) : (
            <p className="muted">
              {text.trim() === ''
                ? 'Paste a manifest to see what the validation pipeline finds: schema errors, secrets, prompt injection, risky permissions and the performance score.'
                : parsed.ok
                  ? 'Checking the manifest…'
                  : 'Fix the JSON to see the report.'}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}

function PublishOutcome({ result }: { result: PublishResult }) {
  if (result.status === 'blocked') {
    return (
      <div id="publish-result" tabIndex={-1} className="publish-outcome">
        <Alert tone="error" title="Publishing was blocked">
          The validation pipeline found problems that block this version. Nothing was published; the
          report shows why.
        </Alert>
      </div>
    );
  }
  return (
    <div id="publish-result" tabIndex={-1} className="publish-outcome">
      <Alert tone="success" title={`Published ${result.name} ${result.version}`}>
        <p>
          Signed and stored (digest <code>{result.digest.slice(0, 12)}…</code>): it is in the
          marketplace now. Verdict: {VERDICT_LABELS[result.report.verdict].toLowerCase()}.
        </p>
        <p>
          <Link to={`${agentPath(result.name)}?version=${encodeURIComponent(result.version)}`}>
            See {result.name} {result.version} and its report
          </Link>
        </p>
      </Alert>
    </div>
  );
}

/** "acme/digest 1.1.0" from a parsed manifest, when it says so. */
function manifestName(manifest: unknown): string | null {
  if (typeof manifest !== 'object' || manifest === null) return null;
  const { name, version } = manifest as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string') return null;
  if (name.length > 81 || version.length > 64) return null;
  return `${name} ${version}`;
}
