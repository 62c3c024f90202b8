import { Link } from 'react-router';
import { trpc } from '../../api/trpc';
import { RelativeTime } from '../../components/time';
import { useNow } from '../../lib/time';
import { inputTextOf } from '../../marketplace/installed-output';
import { runPath } from '../../marketplace/format';
import { TaskStatusBadge } from '../tasks/task-status-badge';

/** The agent's last few runs, each reopening on the run page. */
export function RecentRuns({ name, current }: { name: string; current: string | null }) {
  const runs = trpc.task.list.useQuery({ agent: name, limit: 5 }, { staleTime: 5_000 });
  const now = useNow();
  const items = runs.data?.items ?? [];
  if (runs.isPending || runs.isError || items.length === 0) return null;
  return (
    <section className="section" aria-labelledby="recent-runs-heading">
      <div className="section__header section__header--row">
        <h2 id="recent-runs-heading">Recent runs</h2>
        <Link to={`/tasks`} className="card__link card__link--inline">
          All tasks
        </Link>
      </div>
      <ul className="task-list">
        {items.map((item) => (
          <li key={item.id} className="task-row">
            <div className="task-row__main">
              <Link
                to={`${runPath(name)}?task=${item.id}`}
                className="task-row__link"
                aria-current={item.id === current ? 'page' : undefined}
              >
                {inputTextOf(item.input)?.slice(0, 120) ?? item.id.slice(0, 8)}
              </Link>
            </div>
            <TaskStatusBadge status={item.status} />
            <dl className="task-row__meta">
              <div>
                <dt>Started</dt>
                <dd>
                  <RelativeTime iso={item.createdAt} now={now} />
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
