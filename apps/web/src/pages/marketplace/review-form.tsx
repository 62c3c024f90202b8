import { reviewInputSchema } from '@capecontrol/schema';
import { useState, type SubmitEvent } from 'react';
import { errorMessage, validate, type FieldErrorMap } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { TextAreaField } from '../../components/field';
import { StarInput } from '../../components/stars';
import { useToast } from '../../components/toast';
import type { AgentDetail, Review } from '../../marketplace/marketplace-types';

/** Writing or editing the caller's one review: stars and a few words. */
export function ReviewForm({
  agent,
  mine,
  onDone,
  onCancel,
}: {
  agent: AgentDetail;
  mine: Review | null;
  onDone: () => void;
  onCancel: (() => void) | undefined;
}) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [rating, setRating] = useState<number | null>(mine?.rating ?? null);
  const [body, setBody] = useState(mine?.body ?? '');
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const save = trpc.marketplace.reviews.upsert.useMutation({
    onSuccess: () => {
      void utils.marketplace.reviews.list.invalidate();
      void utils.marketplace.agents.get.invalidate({ name: agent.name });
      void utils.marketplace.search.invalidate();
      toast.success(mine ? 'Your review was updated.' : 'Thanks: your review is published.');
      onDone();
    },
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validate(reviewInputSchema, { agent: agent.name, rating: rating ?? 0, body });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    save.mutate(checked.data);
  };

  return (
    <form
      className="form review-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="review-form-heading"
    >
      <h3 id="review-form-heading" className="review-form__title">
        {mine ? 'Edit your review' : 'Write a review'}
      </h3>
      {save.error && <Alert tone="error">{errorMessage(save.error)}</Alert>}
      <StarInput
        legend="Your rating"
        name="rating"
        value={rating}
        onChange={(value) => {
          setRating(value);
          setErrors(({ rating: _removed, ...rest }) => rest);
        }}
        error={errors.rating}
      />
      <TextAreaField
        label="Your review"
        name="body"
        rows={4}
        maxLength={4000}
        value={body}
        hint="What did you use it for, and how well did it do? One review per person; you can edit it later."
        onChange={(event) => setBody(event.currentTarget.value)}
        error={errors.body}
      />
      <div className="form__actions">
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" pending={save.isPending} pendingLabel="Publishing…">
          {mine ? 'Save your review' : 'Publish your review'}
        </Button>
      </div>
    </form>
  );
}
