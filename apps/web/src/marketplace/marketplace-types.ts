import type { AppRouter, inferRouterOutputs } from '@capecontrol/api';

type Outputs = inferRouterOutputs<AppRouter>;
type Marketplace = Outputs['marketplace'];

/** An agent as search, trending and lists send it, with the caller's installation if any. */
export type AgentListing = Marketplace['search']['items'][number];
export type SearchPage = Marketplace['search'];
export type TrendingAgent = Marketplace['trending'][number];
/** One agent with its versions, readme, permissions, report and ratings (`agents.get`). */
export type AgentDetail = Marketplace['agents']['get'];
export type AgentVersion = AgentDetail['versions'][number];
export type ConfigField = AgentDetail['config'][number];
/** What an install or update would do (`agents.installPlan`, and what install returns). */
export type InstallPlan = Marketplace['agents']['installPlan'];
export type PlanChange = InstallPlan['changes'][number];
export type Installation = Marketplace['installations']['list'][number];
export type ValidationReport = Marketplace['agents']['validate'];
export type Finding = ValidationReport['findings'][number];
export type PublishResult = Marketplace['agents']['publish'];
export type Review = Marketplace['reviews']['list']['items'][number];
export type PlatformAnalytics = Marketplace['analytics'];
export type AgentAnalytics = Marketplace['agentAnalytics'];
export type DailyPoint = PlatformAnalytics['daily'][number];
export type TaskStats = PlatformAnalytics['tasks'];
export type KnowledgeDocument = Outputs['agent']['knowledge']['list'][number];
