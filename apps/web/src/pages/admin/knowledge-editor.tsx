import { knowledgeDocumentInputSchema } from '@capecontrol/schema';
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import {
  errorCode,
  errorMessage,
  serverFieldErrors,
  validate,
  type FieldErrorMap,
} from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { TextAreaField, TextField } from '../../components/field';
import { RichText } from '../../components/rich-text';
import { LoadingState } from '../../components/spinner';
import { ErrorState } from '../../components/states';
import { useToast } from '../../components/toast';
import { slugify } from '../../lib/slug';
import type { KnowledgeDocument } from '../../marketplace/marketplace-types';
import { focusFirstInvalid } from '../auth/focus-first-invalid';

const FIELDS = ['title', 'slug', 'body'] as const;

/** Loads the document to edit (or starts an empty one) and shows the form. */
export function KnowledgeEditor({ slug, onDone }: { slug: string | null; onDone: () => void }) {
  const document = trpc.agent.knowledge.get.useQuery(
    { slug: slug ?? '' },
    { enabled: slug !== null, retry: false, staleTime: 0 },
  );
  if (slug === null) return <DocumentForm document={null} onDone={onDone} />;
  if (document.isPending) return <LoadingState label="Loading the document…" />;
  if (document.isError) {
    return (
      <ErrorState
        title={
          errorCode(document.error) === 'NOT_FOUND'
            ? 'No such document'
            : "Couldn't load the document"
        }
        message={errorMessage(document.error)}
        onRetry={() => void document.refetch()}
        retrying={document.isFetching}
      />
    );
  }
  return <DocumentForm document={document.data} onDone={onDone} />;
}

/**
 * Title, slug and Markdown body, with a preview of the body as the Guide's answers render
 * Markdown. A new document's slug follows its title until edited by hand; an existing one's
 * slug is its identity and stays.
 */
function DocumentForm({
  document,
  onDone,
}: {
  document: KnowledgeDocument | null;
  onDone: () => void;
}) {
  const id = useId();
  const utils = trpc.useUtils();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Opened from the list (same address, new content): start reading at the heading.
  useEffect(() => headingRef.current?.focus(), []);
  const [title, setTitle] = useState(document?.title ?? '');
  const [slug, setSlug] = useState(document?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(document !== null);
  const [body, setBody] = useState(document?.body ?? '');
  const [view, setView] = useState<'write' | 'preview'>('write');
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const save = trpc.agent.knowledge.upsert.useMutation({
    onSuccess: (saved) => {
      void utils.agent.knowledge.invalidate();
      toast.success(
        `${document ? 'Saved' : 'Added'} “${saved.title}” (${saved.sections} ${saved.sections === 1 ? 'section' : 'sections'}).`,
      );
      onDone();
    },
  });
  const serverErrors = serverFieldErrors(save.error);
  const fieldError = (field: (typeof FIELDS)[number]) => errors[field] ?? serverErrors[field];
  const formError =
    save.error && !FIELDS.some((field) => serverErrors[field]) ? errorMessage(save.error) : null;
  const headings = body.split('\n').filter((line) => /^\s*#{1,3}\s+\S/.test(line)).length;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validate(knowledgeDocumentInputSchema, { title, slug, body });
    if (!checked.ok) {
      setErrors(checked.errors);
      if (checked.errors.body) setView('write');
      focusFirstInvalid(formRef.current, FIELDS, checked.errors);
      return;
    }
    setErrors({});
    save.mutate(checked.data);
  };

  return (
    <form ref={formRef} className="form knowledge-form" onSubmit={submit} noValidate>
      <header className="page-header">
        <p className="eyebrow">Knowledge base</p>
        <h1 ref={headingRef} tabIndex={-1}>
          {document ? `Edit “${document.title}”` : 'New document'}
        </h1>
        {document?.source === 'builtin' && (
          <p className="page-header__lede">
            A built-in document. Your edits replace it until you restore the shipped version.
          </p>
        )}
      </header>
      {formError && <Alert tone="error">{formError}</Alert>}
      <div className="knowledge-form__fields">
        <TextField
          label="Title"
          name="title"
          required
          maxLength={200}
          value={title}
          error={fieldError('title')}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setTitle(next);
            if (!slugTouched) setSlug(slugify(next));
          }}
        />
        <TextField
          label="Slug"
          name="slug"
          required
          maxLength={120}
          value={slug}
          readOnly={document !== null}
          className="input--mono"
          spellCheck={false}
          autoComplete="off"
          hint={
            document
              ? 'The document’s permanent name; citations point at it.'
              : 'Lowercase letters, digits and dashes. Made from the title until you change it.'
          }
          error={fieldError('slug')}
          onChange={(event) => {
            setSlug(event.currentTarget.value);
            setSlugTouched(true);
          }}
        />
      </div>
      <div className="editor-tabs" role="group" aria-label="Body view">
        <button
          type="button"
          className="segmented__option"
          aria-pressed={view === 'write'}
          onClick={() => setView('write')}
        >
          Write
        </button>
        <button
          type="button"
          className="segmented__option"
          aria-pressed={view === 'preview'}
          onClick={() => setView('preview')}
        >
          Preview
        </button>
      </div>
      {view === 'write' ? (
        <TextAreaField
          label="Body (Markdown)"
          name="body"
          required
          rows={18}
          className="input--code"
          value={body}
          spellCheck
          error={fieldError('body')}
          hint={`Headings (#, ##, ###) start the sections the Guide cites. ${headings} ${headings === 1 ? 'heading' : 'headings'} so far.`}
          onChange={(event) => setBody(event.currentTarget.value)}
        />
      ) : (
        <section className="card knowledge-preview" aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`} className="card__title">
            Preview
          </h2>
          {body.trim() ? (
            <RichText text={body} headingLevel={3} />
          ) : (
            <p className="muted">Nothing to preview yet.</p>
          )}
        </section>
      )}
      <div className="form__actions">
        <Button variant="secondary" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={save.isPending} pendingLabel="Saving…">
          {document ? 'Save changes' : 'Add document'}
        </Button>
      </div>
    </form>
  );
}
