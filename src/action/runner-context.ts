// What the Actions runner tells a step about the job: who triggered it, where the checkout is,
// and the files a step writes its outputs and summary to.
import { ActionError } from './errors.js';

export interface RunnerContext {
  /** `github:<login>`: the identity people.yaml maps and spec.access checks. */
  readonly actor: string;
  /** The job's checkout (`GITHUB_WORKSPACE`). */
  readonly workspace: string;
  /** `$GITHUB_OUTPUT`: where `name<<delimiter` outputs go (absent off the runner). */
  readonly outputFile?: string;
  /** `$GITHUB_STEP_SUMMARY`: Markdown shown on the run's summary page (absent off the runner). */
  readonly summaryFile?: string;
  /** The workflow run's page, recorded with the run. */
  readonly workflowRunUrl?: string;
}

/** A GitHub login (letters, digits, single dashes), or an app's `name[bot]`. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/** @throws ActionError RB8080 / RB8081 when GITHUB_ACTOR or GITHUB_WORKSPACE is missing or odd. */
export function readRunnerContext(env: NodeJS.ProcessEnv): RunnerContext {
  const login = env.GITHUB_ACTOR ?? '';
  if (login === '') {
    throw new ActionError(
      'RB8080',
      'GITHUB_ACTOR is not set: run the action in a GitHub Actions job',
    );
  }
  if (!LOGIN.test(login)) {
    throw new ActionError('RB8081', `GITHUB_ACTOR "${login.slice(0, 60)}" is not a GitHub login`);
  }
  const workspace = env.GITHUB_WORKSPACE ?? '';
  if (workspace === '') {
    throw new ActionError(
      'RB8080',
      'GITHUB_WORKSPACE is not set: run the action in a GitHub Actions job, after actions/checkout',
    );
  }
  const server = env.GITHUB_SERVER_URL;
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  const workflowRunUrl =
    server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
  return {
    actor: `github:${login}`,
    workspace,
    ...(env.GITHUB_OUTPUT ? { outputFile: env.GITHUB_OUTPUT } : {}),
    ...(env.GITHUB_STEP_SUMMARY ? { summaryFile: env.GITHUB_STEP_SUMMARY } : {}),
    ...(workflowRunUrl === undefined ? {} : { workflowRunUrl }),
  };
}
