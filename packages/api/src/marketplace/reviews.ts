import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import { recordAudit, type RequestOrigin } from '../audit/audit';
import { AppError } from '../errors';

export interface Review {
  id: string;
  agentName: string;
  author: { displayName: string };
  /** The version the reviewer had installed when writing (or last editing) the review. */
  version: string;
  rating: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  mine: boolean;
}

export interface ReviewPage {
  items: Review[];
  nextCursor: string | null;
}

async function requireAgent(db: Kysely<DB>, name: string) {
  const agent = await db
    .selectFrom('agents')
    .select(['id', 'name', 'latest_version'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (!agent) throw new AppError('NOT_FOUND', `There is no agent called "${name}".`);
  return agent;
}

/**
 * Writes (or edits) the caller's one review of an agent. Only people who installed the agent
 * and ran it successfully may review it, so ratings come from use, not from drive-by votes.
 */
export async function upsertReview(
  db: Kysely<DB>,
  actor: { userId: string; origin: RequestOrigin | null },
  input: { agent: string; rating: number; body: string },
): Promise<Review> {
  const agent = await requireAgent(db, input.agent);
  const installation = await db
    .selectFrom('installations')
    .select('version')
    .where('user_id', '=', actor.userId)
    .where('agent_id', '=', agent.id)
    .executeTakeFirst();
  const everInstalled =
    installation ??
    (await db
      .selectFrom('install_events')
      .select('version')
      .where('user_id', '=', actor.userId)
      .where('agent_id', '=', agent.id)
      .where('kind', '=', 'install')
      .orderBy('at', 'desc')
      .executeTakeFirst());
  const ran = await db
    .selectFrom('tasks')
    .select('id')
    .where('user_id', '=', actor.userId)
    .where('agent', '=', agent.name)
    .where('status', '=', 'succeeded')
    .executeTakeFirst();
  if (!everInstalled || !ran) {
    throw new AppError(
      'FORBIDDEN',
      'Only people who installed this agent and ran it successfully can review it.',
    );
  }
  const version = installation?.version ?? everInstalled.version;

  const id = await db.transaction().execute(async (trx) => {
    const previous = await trx
      .selectFrom('reviews')
      .select(['id', 'rating'])
      .where('agent_id', '=', agent.id)
      .where('user_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    const now = new Date();
    const row = previous
      ? await trx
          .updateTable('reviews')
          .set({ rating: input.rating, body: input.body, version, updated_at: now })
          .where('id', '=', previous.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('reviews')
          .values({
            agent_id: agent.id,
            user_id: actor.userId,
            version,
            rating: input.rating,
            body: input.body,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
    const sumDelta = input.rating - (previous?.rating ?? 0);
    const countDelta = previous ? 0 : 1;
    await trx
      .updateTable('agents')
      .set((eb) => ({
        rating_sum: eb('rating_sum', '+', sumDelta),
        rating_count: eb('rating_count', '+', countDelta),
      }))
      .where('id', '=', agent.id)
      .execute();
    await trx
      .insertInto('review_events')
      .values({ agent_id: agent.id, sum_delta: sumDelta, count_delta: countDelta })
      .execute();
    await recordAudit(trx, {
      action: previous ? 'marketplace.review.update' : 'marketplace.review.create',
      outcome: 'success',
      actor: { type: 'user', userId: actor.userId },
      target: { type: 'agent', id: agent.name },
      origin: actor.origin,
      metadata: { rating: input.rating, version },
    });
    return row.id;
  });
  const page = await listReviews(db, actor.userId, { agent: input.agent, limit: 1, onlyId: id });
  const review = page.items[0];
  if (!review)
    throw new AppError('INTERNAL_SERVER_ERROR', 'The review was saved but could not be read back.');
  return review;
}

export async function deleteReview(
  db: Kysely<DB>,
  actor: { userId: string; origin: RequestOrigin | null },
  agentName: string,
): Promise<{ ok: true }> {
  const agent = await requireAgent(db, agentName);
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('reviews')
      .where('agent_id', '=', agent.id)
      .where('user_id', '=', actor.userId)
      .returning('rating')
      .executeTakeFirst();
    if (!removed) throw new AppError('NOT_FOUND', 'You have not reviewed this agent.');
    await trx
      .updateTable('agents')
      .set((eb) => ({
        rating_sum: eb('rating_sum', '-', removed.rating),
        rating_count: eb('rating_count', '-', 1),
      }))
      .where('id', '=', agent.id)
      .execute();
    await trx
      .insertInto('review_events')
      .values({ agent_id: agent.id, sum_delta: -removed.rating, count_delta: -1 })
      .execute();
    await recordAudit(trx, {
      action: 'marketplace.review.delete',
      outcome: 'success',
      actor: { type: 'user', userId: actor.userId },
      target: { type: 'agent', id: agent.name },
      origin: actor.origin,
    });
  });
  return { ok: true };
}

/** An agent's reviews, newest first, keyset-paginated. */
export async function listReviews(
  db: Kysely<DB>,
  viewerId: string | null,
  options: { agent: string; limit: number; cursor?: string | null | undefined; onlyId?: string },
): Promise<ReviewPage> {
  const agent = await requireAgent(db, options.agent);
  let query = db
    .selectFrom('reviews')
    .innerJoin('users', 'users.id', 'reviews.user_id')
    .select([
      'reviews.id',
      'reviews.user_id',
      'users.display_name',
      'reviews.version',
      'reviews.rating',
      'reviews.body',
      'reviews.created_at',
      'reviews.updated_at',
    ])
    .where('reviews.agent_id', '=', agent.id);
  if (options.onlyId) query = query.where('reviews.id', '=', options.onlyId);
  if (options.cursor) {
    const [iso, id] = Buffer.from(options.cursor, 'base64url').toString().split('|');
    const at = new Date(iso ?? '');
    if (!id || Number.isNaN(at.getTime())) throw new AppError('BAD_REQUEST', 'Invalid cursor.');
    query = query.where((eb) =>
      eb.or([
        eb('reviews.updated_at', '<', at),
        eb.and([eb('reviews.updated_at', '=', at), eb('reviews.id', '<', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('reviews.updated_at', 'desc')
    .orderBy('reviews.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      agentName: agent.name,
      author: { displayName: row.display_name },
      version: row.version,
      rating: row.rating,
      body: row.body,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      mine: row.user_id === viewerId,
    })),
    nextCursor:
      rows.length > options.limit && last
        ? Buffer.from(`${last.updated_at.toISOString()}|${last.id}`).toString('base64url')
        : null,
  };
}
