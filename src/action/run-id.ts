// The workflow id of a run the action starts.
import { randomBytes } from 'node:crypto';

/**
 * `<runbook>-gh<run id>-<attempt>-<random>`: findable from the GitHub workflow run that started
 * it, and unique when a job runs the same runbook twice or is re-run.
 */
export function actionRunId(name: string, env: NodeJS.ProcessEnv): string {
  const run = /^\d+$/.test(env.GITHUB_RUN_ID ?? '') ? `gh${env.GITHUB_RUN_ID}` : 'gh';
  const attempt = /^\d+$/.test(env.GITHUB_RUN_ATTEMPT ?? '') ? `-${env.GITHUB_RUN_ATTEMPT}` : '';
  return `${name}-${run}${attempt}-${randomBytes(3).toString('hex')}`;
}
