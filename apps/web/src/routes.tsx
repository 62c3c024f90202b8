import { Navigate, type RouteObject } from 'react-router';
import { AppLayout } from './layout/app-layout';
import { AccountPage } from './pages/account/account-page';
import { KnowledgePage } from './pages/admin/knowledge-page';
import { OperationsPage } from './pages/admin/operations-page';
import { GuidePage } from './pages/agents/guide-page';
import { SpecialistPage } from './pages/agents/specialist-page';
import { AnalyticsPage } from './pages/analytics/analytics-page';
import { SignInPage } from './pages/auth/sign-in-page';
import { SignUpPage } from './pages/auth/sign-up-page';
import { DashboardPage } from './pages/dashboard/dashboard-page';
import { HomePage } from './pages/home-page';
import { AgentPage } from './pages/marketplace/agent-page';
import { InstalledPage } from './pages/marketplace/installed-page';
import { MarketplacePage } from './pages/marketplace/marketplace-page';
import { RunAgentPage } from './pages/marketplace/run-page';
import { NotFoundPage } from './pages/not-found-page';
import { BecomePublisher } from './pages/publish/become-publisher';
import { PublishPage } from './pages/publish/publish-page';
import { RoleRequiredPage } from './pages/role-required-page';
import { RouteErrorPage } from './pages/route-error-page';
import { TaskPage } from './pages/tasks/task-page';
import { TasksPage } from './pages/tasks/tasks-page';
import { GuestOnly, RequireAuth, RequireRole } from './session/guards';

/** A route only administrators may open; others see why, instead of the page. */
function adminOnly(message: string, route: RouteObject): RouteObject {
  return {
    element: (
      <RequireRole
        roles={['admin']}
        fallback={<RoleRequiredPage title="For administrators" message={message} />}
      />
    ),
    children: [route],
  };
}

export const routes: RouteObject[] = [
  {
    Component: AppLayout,
    ErrorBoundary: RouteErrorPage,
    children: [
      {
        // Errors in a page render inside the layout, so the header stays usable.
        ErrorBoundary: RouteErrorPage,
        children: [
          {
            Component: RequireAuth,
            children: [
              { index: true, Component: HomePage },
              { path: 'account', Component: AccountPage },
              { path: 'agents', element: <Navigate to="/agents/guide" replace /> },
              { path: 'agents/guide', Component: GuidePage },
              { path: 'agents/specialist', Component: SpecialistPage },
              { path: 'tasks', Component: TasksPage },
              { path: 'tasks/:id', Component: TaskPage },
              { path: 'marketplace', Component: MarketplacePage },
              { path: 'marketplace/installed', Component: InstalledPage },
              { path: 'marketplace/:publisher/:agent', Component: AgentPage },
              { path: 'marketplace/:publisher/:agent/run', Component: RunAgentPage },
              { path: 'publish', Component: PublishPage },
              { path: 'analytics', Component: AnalyticsPage },
              {
                element: (
                  <RequireRole
                    roles={['publisher', 'admin']}
                    fallback={
                      <RoleRequiredPage
                        title="For publishers"
                        message="The dashboard shows a publisher’s agents, their numbers and their versions. Become a publisher to share your own agents."
                      >
                        <BecomePublisher compact />
                      </RoleRequiredPage>
                    }
                  />
                ),
                children: [{ path: 'dashboard', Component: DashboardPage }],
              },
              adminOnly('Only administrators manage the knowledge base the Guide answers from.', {
                path: 'admin/knowledge',
                Component: KnowledgePage,
              }),
              adminOnly('Only administrators see the task queue and re-drive failed tasks.', {
                path: 'admin/operations',
                Component: OperationsPage,
              }),
            ],
          },
          {
            Component: GuestOnly,
            children: [
              { path: 'sign-in', Component: SignInPage },
              { path: 'sign-up', Component: SignUpPage },
            ],
          },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
];
