export { stickyMarker } from './comment.js';
export { createGithubActivities, type GithubActivities } from './create-github-activities.js';
export { toGithubFailure } from './errors.js';
export { GithubFailureType } from './failure-types.js';
export type { GithubActivityDeps } from './github-env.js';
export type { GithubResult, GithubUndoRecord } from './types.js';
