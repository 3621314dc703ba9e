// The worker's RUNBOOK_SECRET_SOURCES setting, read once at start; a malformed value stops the
// worker with a usage error rather than letting it run with a list the operator did not mean.
import { type SecretSources, secretSourcesFromEnv } from '../../activities/secret-sources.js';
import { UsageError } from '../io.js';

export function workerSecretSources(env: NodeJS.ProcessEnv): SecretSources {
  try {
    return secretSourcesFromEnv(env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
