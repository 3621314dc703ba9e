import { codecIntegration } from './codec/integration.js';
import { githubIntegration } from './github/integration.js';
import { slackIntegration } from './slack/integration.js';
import type { IntegrationFactory } from './types.js';

/**
 * Every integration `runbook server` knows. Each factory looks at its own settings and returns
 * `undefined` when they are absent, so an integration is on exactly when it is configured.
 */
export const INTEGRATIONS: readonly IntegrationFactory[] = [
  slackIntegration,
  githubIntegration,
  codecIntegration,
];
