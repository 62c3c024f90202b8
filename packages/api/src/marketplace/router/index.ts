import { router } from '../../trpc';
import { categories, getAgentProcedure, search, trendingProcedure } from './discovery';
import {
  install,
  installPlan,
  listInstallationsProcedure,
  uninstallProcedure,
  update,
} from './installs';
import {
  createAdvisory,
  deprecateProcedure,
  publish,
  registerPublisher,
  validate,
  yankProcedure,
} from './publishing';
import {
  agentAnalyticsProcedure,
  analytics,
  deleteReviewProcedure,
  listReviewsProcedure,
  upsertReviewProcedure,
} from './reviews-and-analytics';
import { listAgents } from './list-agents';

/** `marketplace.*`: discovery, publishing, installation, reviews and analytics. */
export const marketplaceRouter = router({
  search,
  categories,
  trending: trendingProcedure,
  analytics,
  agentAnalytics: agentAnalyticsProcedure,
  agents: router({
    list: listAgents,
    get: getAgentProcedure,
    publish,
    validate,
    installPlan,
    install,
    update,
    uninstall: uninstallProcedure,
    deprecate: deprecateProcedure,
    yank: yankProcedure,
  }),
  installations: router({ list: listInstallationsProcedure }),
  reviews: router({
    list: listReviewsProcedure,
    upsert: upsertReviewProcedure,
    delete: deleteReviewProcedure,
  }),
  advisories: router({ create: createAdvisory }),
  publishers: router({ register: registerPublisher }),
});
