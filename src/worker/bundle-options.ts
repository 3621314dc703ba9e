// What the interpreter's workflow bundle is made of, for the bundle a worker makes at start and
// the one prebuilt into the image: the same entry module and the same interceptor modules, so a
// prebuilt bundle traces exactly as a fresh one does.
import { fileURLToPath } from 'node:url';
import { encodedFailuresConverterPath } from '../codec/data-converter.js';

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

/**
 * Which interpreter bundle: one whose failures keep their message in clear text (no codec), or
 * one whose failure converter moves message and stack trace into the encrypted payload
 * (RUNBOOK_CODEC_KEYS set; src/codec/encoded-failures.ts). The converter runs inside the
 * sandbox, so it is chosen when bundling, not when the worker starts.
 */
export interface InterpreterBundleVariant {
  readonly encodedFailures: boolean;
}

/** The options to pass to `bundleWorkflowCode` (add a `logger` if you like). */
export function runbookBundleOptions(
  variant: InterpreterBundleVariant = { encodedFailures: false },
): {
  workflowsPath: string;
  workflowInterceptorModules: string[];
  failureConverterPath?: string;
} {
  return {
    workflowsPath,
    workflowInterceptorModules: [...workflowInterceptorModules],
    ...(variant.encodedFailures ? { failureConverterPath: encodedFailuresConverterPath() } : {}),
  };
}
