import { Link } from 'react-router';
import { buttonClass } from '../../components/button';
import { PageTitle } from '../../components/page-title';
import { Skeleton } from '../../components/states';

/** No such task, or not the caller's: the API says NOT_FOUND either way (no existence oracle). */
export function TaskNotFound() {
  return (
    <div className="container page page--narrow notice-page">
      <PageTitle title="Task not found" />
      <p className="notice-page__code" aria-hidden="true">
        404
      </p>
      <h1 tabIndex={-1}>Task not found</h1>
      <p className="page-header__lede">
        There is no task at this address, or it belongs to someone else. Check the link, or find it
        in your list of tasks.
      </p>
      <Link to="/tasks" className={buttonClass('primary')}>
        Go to your tasks
      </Link>
    </div>
  );
}

export function TaskSkeleton() {
  return (
    <div className="container page" aria-busy="true">
      <PageTitle title="Task" />
      <span className="visually-hidden" role="status">
        Loading the task…
      </span>
      <div className="page-header" aria-hidden="true">
        <Skeleton width="6ch" />
        <Skeleton width="40%" height="2rem" />
      </div>
      <div className="card" aria-hidden="true">
        <Skeleton width="80%" />
        <Skeleton width="60%" />
      </div>
    </div>
  );
}
