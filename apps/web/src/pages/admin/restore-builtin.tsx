import { useState, type SubmitEvent } from 'react';
import { errorCode, errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { useToast } from '../../components/toast';

/** Puts a built-in document back as shipped, after it was edited or deleted. */
export function RestoreBuiltin() {
  const utils = trpc.useUtils();
  const toast = useToast();
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<string | undefined>();
  const restore = trpc.agent.knowledge.restore.useMutation({
    onSuccess: (document) => {
      void utils.agent.knowledge.invalidate();
      toast.success(`Restored “${document.title}” as shipped.`);
      setSlug('');
    },
    onError: (cause) =>
      setError(
        errorCode(cause) === 'NOT_FOUND'
          ? 'No built-in document has that slug.'
          : errorMessage(cause),
      ),
  });
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = slug.trim();
    if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) {
      setError('Enter the slug of a built-in document, like “publishing-agents”.');
      return;
    }
    setError(undefined);
    restore.mutate({ slug: value });
  };
  return (
    <section className="card" aria-labelledby="restore-heading">
      <h2 id="restore-heading" className="card__title">
        Restore a built-in document
      </h2>
      <p className="card__lede">
        Built-in documents ship with CapeControl. Restoring one replaces your edits, or brings it
        back after a deletion.
      </p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <TextField
          label="Slug"
          value={slug}
          autoComplete="off"
          spellCheck={false}
          error={error}
          onChange={(event) => {
            setSlug(event.currentTarget.value);
            setError(undefined);
          }}
        />
        <Button
          type="submit"
          variant="secondary"
          pending={restore.isPending}
          pendingLabel="Restoring…"
        >
          Restore
        </Button>
      </form>
    </section>
  );
}
