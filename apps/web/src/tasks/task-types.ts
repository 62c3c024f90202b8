import type { AppRouter, inferRouterOutputs } from '@capecontrol/api';

type Outputs = inferRouterOutputs<AppRouter>;

/** A task as `task.list` sends it (JSON: an `undefined` input arrives as missing). */
export type TaskItem = Outputs['task']['list']['items'][number];
/** A task with its steps, as `task.get` sends it. */
export type TaskDetail = Outputs['task']['get'];
