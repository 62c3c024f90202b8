import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorCode, errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Button, buttonClass } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { BookIcon } from '../../components/icons';
import { PageTitle } from '../../components/page-title';
import { DataTable } from '../../components/data-table';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { RelativeTime } from '../../components/time';
import { useToast } from '../../components/toast';
import { useNow } from '../../lib/time';
import type { KnowledgeDocument } from '../../marketplace/marketplace-types';
import { KnowledgeEditor } from './knowledge-editor';
import { RestoreBuiltin } from './restore-builtin';

/** The documents the Guide answers from: list, add, edit with a preview, delete, restore. */
export function KnowledgePage() {
  const [params, setParams] = useSearchParams();
  const editing = params.get('edit');
  const creating = params.get('new') !== null;
  const documents = trpc.agent.knowledge.list.useQuery();
  const [deleting, setDeleting] = useState<KnowledgeDocument | null>(null);
  const now = useNow();
  const closeEditor = () => setParams({}, { preventScrollReset: true });
  const inEditor = editing !== null || creating;
  const wasInEditor = useRef(inEditor);
  useEffect(() => {
    // Back from the editor to the list: the keyboard starts again at the list's heading.
    if (wasInEditor.current && !inEditor) document.querySelector<HTMLElement>('#main h1')?.focus();
    wasInEditor.current = inEditor;
  }, [inEditor]);

  if (editing || creating) {
    return (
      <div className="container page">
        <PageTitle title={creating ? 'New document' : 'Edit document'} />
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to="/admin/knowledge">Knowledge base</Link>
          <span aria-hidden="true"> / </span>
          <span aria-current="page">{creating ? 'New document' : editing}</span>
        </nav>
        <KnowledgeEditor slug={creating ? null : editing} onDone={closeEditor} />
      </div>
    );
  }

  return (
    <div className="container page">
      <PageTitle title="Knowledge base" />
      <header className="page-header page-header--with-actions">
        <div className="page-header__text">
          <p className="eyebrow">Administration</p>
          <h1 tabIndex={-1}>Knowledge base</h1>
          <p className="page-header__lede">
            The documents the CapeAI Guide answers from. Each heading becomes a section it can cite;
            changes apply to the next question.
          </p>
        </div>
        <div className="page-header__actions">
          <Link to="?new=1" className={buttonClass('primary')}>
            New document
          </Link>
        </div>
      </header>

      <section aria-labelledby="documents-heading" aria-busy={documents.isPending}>
        <h2 id="documents-heading" className="visually-hidden">
          Documents
        </h2>
        {documents.isPending ? (
          <div className="card" aria-hidden="true">
            <span className="visually-hidden" role="status">
              Loading the documents…
            </span>
            <Skeleton width="60%" />
            <Skeleton width="80%" />
            <Skeleton width="70%" />
          </div>
        ) : documents.isError ? (
          <ErrorState
            title="Couldn't load the documents"
            message={errorMessage(documents.error)}
            onRetry={() => void documents.refetch()}
            retrying={documents.isFetching}
          />
        ) : documents.data.length === 0 ? (
          <EmptyState icon={<BookIcon size={22} />} title="No documents">
            <p>
              The Guide has nothing to answer from. Add a document, or restore a built-in one below.
            </p>
          </EmptyState>
        ) : (
          <DataTable
            label="Documents"
            columns={[
              { label: 'Title' },
              { label: 'Slug' },
              { label: 'Source' },
              { label: 'Sections', numeric: true },
              { label: 'Updated' },
              { label: 'Actions', hidden: true },
            ]}
          >
            {documents.data.map((document) => (
              <tr key={document.id}>
                <th scope="row">
                  <Link to={`?edit=${encodeURIComponent(document.slug)}`}>{document.title}</Link>
                </th>
                <td>
                  <code>{document.slug}</code>
                </td>
                <td>
                  <span
                    className={`badge ${document.source === 'builtin' ? 'badge--verified' : 'badge--installed'}`}
                  >
                    {document.source === 'builtin' ? 'Built-in' : 'Added by an admin'}
                  </span>
                </td>
                <td className="table__number">{document.sections}</td>
                <td>
                  <RelativeTime iso={document.updatedAt} now={now} />
                </td>
                <td>
                  <div className="row-actions">
                    <Link
                      to={`?edit=${encodeURIComponent(document.slug)}`}
                      className={buttonClass('secondary', 'sm')}
                    >
                      Edit<span className="visually-hidden"> {document.title}</span>
                    </Link>
                    <Button
                      variant="danger-outline"
                      size="sm"
                      onClick={() => setDeleting(document)}
                    >
                      Delete<span className="visually-hidden"> {document.title}</span>
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <RestoreBuiltin />
      <DeleteDocumentDialog document={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}

function DeleteDocumentDialog({
  document,
  onClose,
}: {
  document: KnowledgeDocument | null;
  onClose: () => void;
}) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const remove = trpc.agent.knowledge.delete.useMutation({
    onSuccess: (deleted) => {
      void utils.agent.knowledge.list.invalidate();
      toast.success(
        deleted.source === 'builtin'
          ? `Deleted “${deleted.title}”. It’s built in: restore it below whenever you like.`
          : `Deleted “${deleted.title}”.`,
      );
      close();
    },
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={document !== null}
      title="Delete this document?"
      confirmLabel="Delete document"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      error={
        remove.error && errorCode(remove.error) !== 'NOT_FOUND'
          ? errorMessage(remove.error)
          : remove.error
            ? 'It was already deleted.'
            : null
      }
      onConfirm={() => {
        if (document) remove.mutate({ slug: document.slug });
      }}
      onCancel={close}
    >
      {document && (
        <p>
          <strong>{document.title}</strong> and its {document.sections}{' '}
          {document.sections === 1 ? 'section' : 'sections'} leave the knowledge base: the Guide
          stops citing them at once.
          {document.source === 'builtin' && ' As a built-in document, it can be restored later.'}
        </p>
      )}
    </ConfirmDialog>
  );
}
