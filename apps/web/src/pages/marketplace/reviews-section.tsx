import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useState } from 'react';
import { useApiClients } from '../../api/api-provider';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { RatingSummary, Stars } from '../../components/stars';
import { ErrorState, Skeleton } from '../../components/states';
import { ReviewForm } from './review-form';
import { DateText } from '../../components/time';
import { useToast } from '../../components/toast';
import type { AgentDetail, Review } from '../../marketplace/marketplace-types';

const PAGE_SIZE = 10;

/**
 * Ratings and reviews: the average, the reviews a page at a time, and the caller's own review —
 * written or edited only by people who installed the agent and ran it successfully (the page
 * says which of those is missing).
 */
export function ReviewsSection({ agent }: { agent: AgentDetail }) {
  const { trpcClient } = useApiClients();
  const input = { agent: agent.name, limit: PAGE_SIZE };
  const reviews = useInfiniteQuery({
    queryKey: getQueryKey(trpc.marketplace.reviews.list, input, 'infinite'),
    queryFn: ({ pageParam, signal }) =>
      trpcClient.marketplace.reviews.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  const mine = items.find((review) => review.mine) ?? null;
  const others = items.filter((review) => !review.mine);

  return (
    <section className="card" aria-labelledby="reviews-heading">
      <div className="card__header">
        <h2 id="reviews-heading" className="card__title">
          Ratings and reviews
        </h2>
        <RatingSummary rating={agent.rating} />
      </div>

      <YourReview agent={agent} mine={mine} />

      {reviews.isPending ? (
        <div className="review-list" aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading reviews…
          </span>
          <Skeleton width="40%" />
          <Skeleton width="90%" />
        </div>
      ) : reviews.isError && items.length === 0 ? (
        <ErrorState
          title="Couldn't load the reviews"
          message={errorMessage(reviews.error)}
          onRetry={() => void reviews.refetch()}
          retrying={reviews.isFetching}
        />
      ) : others.length === 0 ? (
        <p className="muted">{mine ? 'No one else has reviewed it yet.' : 'No reviews yet.'}</p>
      ) : (
        <>
          <ul className="review-list">
            {others.map((review) => (
              <ReviewItem key={review.id} review={review} />
            ))}
          </ul>
          {reviews.hasNextPage && (
            <div className="list-more">
              <Button
                variant="secondary"
                onClick={() => void reviews.fetchNextPage()}
                pending={reviews.isFetchingNextPage}
                pendingLabel="Loading more…"
              >
                Load more reviews
              </Button>
              {reviews.isFetchNextPageError && (
                <p className="field__error" role="alert">
                  Couldn&apos;t load more. {errorMessage(reviews.error)}
                </p>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}

function ReviewItem({ review }: { review: Review }) {
  return (
    <li className="review">
      <div className="review__head">
        <span className="review__stars">
          <Stars value={review.rating} />
          <span className="visually-hidden">{review.rating} out of 5 stars</span>
        </span>
        <span className="review__author">{review.author.displayName}</span>
        <span className="review__meta">
          on version {review.version} · <DateText iso={review.updatedAt} />
          {review.updatedAt !== review.createdAt && ' (edited)'}
        </span>
      </div>
      <p className="review__body">{review.body}</p>
    </li>
  );
}

/** The caller's review: shown with Edit and Delete, a form, or why they can't write one yet. */
function YourReview({ agent, mine }: { agent: AgentDetail; mine: Review | null }) {
  const [editing, setEditing] = useState(false);
  const toast = useToast();
  const utils = trpc.useUtils();
  const ran = trpc.task.list.useQuery(
    { agent: agent.name, status: ['succeeded'], limit: 1 },
    { staleTime: 10_000 },
  );
  const remove = trpc.marketplace.reviews.delete.useMutation({
    onSuccess: () => {
      void utils.marketplace.reviews.list.invalidate();
      void utils.marketplace.agents.get.invalidate({ name: agent.name });
      toast.success('Your review was deleted.');
    },
  });

  if (mine && !editing) {
    return (
      <div className="your-review">
        <p className="your-review__title">Your review</p>
        <ul className="review-list">
          <ReviewItem review={mine} />
        </ul>
        <div className="your-review__actions">
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            Edit your review
          </Button>
          <Button
            variant="danger-outline"
            size="sm"
            pending={remove.isPending}
            pendingLabel="Deleting…"
            onClick={() => remove.mutate({ agent: agent.name })}
          >
            Delete
          </Button>
        </div>
        {remove.error && <Alert tone="error">{errorMessage(remove.error)}</Alert>}
      </div>
    );
  }
  if (ran.isPending) return null;
  const hasRun = (ran.data?.items.length ?? 0) > 0;
  if (!hasRun) {
    return (
      <p className="your-review your-review--locked">
        {agent.installed
          ? 'Run this agent successfully once to review it: reviews come only from people who used it.'
          : 'Install this agent and run it to review it: reviews come only from people who used it.'}
      </p>
    );
  }
  return (
    <ReviewForm
      agent={agent}
      mine={mine}
      onDone={() => setEditing(false)}
      onCancel={mine ? () => setEditing(false) : undefined}
    />
  );
}
