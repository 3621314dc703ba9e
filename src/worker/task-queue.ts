/**
 * The task queue runs are started on unless configured otherwise. Its own module so that code
 * which only starts runs (the GitHub Action's bundle) need not import the worker.
 */
export const DEFAULT_TASK_QUEUE = 'runbooks';
