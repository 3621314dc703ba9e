/**
 * The `with:` of each `temporal.*` action: what `runbook validate` checks before merge and what
 * the activities in src/activities/temporal parse once the templates are rendered. Pure: zod only.
 */
import { z } from 'zod';

const Deployment = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s.]+$/, 'a deployment name has no spaces or dots')
  .meta({ description: 'The Worker Deployment (the workers’ RUNBOOK_DEPLOYMENT_NAME).' });
const BuildId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^\S+$/, 'a build id has no spaces')
  .meta({ description: 'A version of the deployment (the workers’ RUNBOOK_BUILD_ID).' });

export const SetCurrentVersionInput = z.strictObject({
  deployment: Deployment,
  buildId: BuildId,
});

export const SetRampingVersionInput = z.strictObject({
  deployment: Deployment,
  buildId: BuildId,
  percentage: z.number().min(0).max(100).meta({
    description: 'Share of new runs (and of AUTO_UPGRADE runs’ next tasks) sent to buildId, 0–100.',
  }),
});

export const WaitDrainedInput = z.strictObject({
  deployment: Deployment,
  buildId: BuildId,
  pollIntervalSeconds: z.number().int().min(1).max(300).default(5).meta({
    description:
      'How often the drainage status is read (the server itself refreshes it every few minutes).',
  }),
});

export const DescribeDeploymentInput = z.strictObject({
  deployment: Deployment,
});
