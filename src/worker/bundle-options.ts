// What the interpreter's workflow bundle is made of, for the bundle a worker makes at start and
// the one prebuilt into the image: the same entry module and the same interceptor modules, so a
// prebuilt bundle traces exactly as a fresh one does.
import { fileURLToPath } from 'node:url';

const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/** The interpreter's entry module, as TypeScript in a checkout or JavaScript in a build. */
export const workflowsPath = fileURLToPath(
  new URL(`../workflows/index.${extension}`, import.meta.url),
);

/**
 * The workflow interceptor modules bundled with the interpreter: OpenTelemetry's plus the step
 * header (src/telemetry/workflow-interceptors.ts). Always bundled, whether tracing is on or not:
 * a prebuilt bundle cannot know, and with tracing off the worker drops their spans in a no-op
 * sink (src/telemetry/tracing.ts).
 */
export const workflowInterceptorModules: readonly string[] = [
  fileURLToPath(new URL(`../telemetry/workflow-interceptors.${extension}`, import.meta.url)),
];

/** The options to pass to `bundleWorkflowCode` (add a `logger` if you like). */
export function runbookBundleOptions(): {
  workflowsPath: string;
  workflowInterceptorModules: string[];
} {
  return { workflowsPath, workflowInterceptorModules: [...workflowInterceptorModules] };
}
