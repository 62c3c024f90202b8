import {
  knowledgeDocumentInputSchema,
  knowledgeDocumentKeySchema,
  knowledgeDocumentSchema,
} from '@capecontrol/schema';
import { z } from 'zod';
import { requestOrigin } from '../../context';
import { adminProcedure, noInput, router, type ProtectedContext } from '../../trpc';
import {
  deleteDocument,
  getDocument,
  listDocuments,
  restoreBuiltinDocument,
  upsertDocument,
  type AdminChangeOptions,
} from './documents';

const slugSchema = knowledgeDocumentInputSchema.shape.slug;
const documentKeySchema = knowledgeDocumentKeySchema;

function changeOptions(ctx: ProtectedContext): AdminChangeOptions {
  return { apiKeyId: ctx.principal.apiKeyId, origin: requestOrigin(ctx) };
}

/** `agent.knowledge.*`: the documents the Guide answers from, managed by administrators. */
export const knowledgeRouter = router({
  list: adminProcedure
    .input(noInput)
    .output(z.array(knowledgeDocumentSchema))
    .query(({ ctx }) => listDocuments(ctx.db)),
  get: adminProcedure
    .input(documentKeySchema)
    .output(knowledgeDocumentSchema)
    .query(({ ctx, input }) => getDocument(ctx.db, input)),
  /** Adds the document with this slug, or replaces its title and body. */
  upsert: adminProcedure
    .input(knowledgeDocumentInputSchema)
    .output(knowledgeDocumentSchema)
    .mutation(({ ctx, input }) =>
      upsertDocument(ctx.db, input, ctx.principal.user.id, changeOptions(ctx)),
    ),
  delete: adminProcedure
    .input(documentKeySchema)
    .output(knowledgeDocumentSchema)
    .mutation(({ ctx, input }) =>
      deleteDocument(ctx.db, input, ctx.principal.user.id, changeOptions(ctx)),
    ),
  /** Puts back the shipped version of a built-in document (after an edit or a deletion). */
  restore: adminProcedure
    .input(z.strictObject({ slug: slugSchema }))
    .output(knowledgeDocumentSchema)
    .mutation(({ ctx, input }) =>
      restoreBuiltinDocument(ctx.db, input.slug, ctx.principal.user.id, changeOptions(ctx)),
    ),
});
