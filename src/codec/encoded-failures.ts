// The failure converter of a worker whose payloads are encrypted. Temporal stores a failure's
// message and stack trace as plain strings beside its payloads, and runbook-runner's messages name
// rendered values (a command's argv, a URL, a Kubernetes object); with `encodeCommonAttributes`
// both move into a payload, which the payload codec then encrypts like every other.
//
// A worker loads this module by path (`failureConverterPath`), in the main thread for activity
// failures and inside the workflow bundle for the interpreter's own, so it must stay importable
// from the workflow sandbox: `@temporalio/common` only, no Node modules.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

/**
 * A string only a bundle built with this converter contains, so a worker can tell a prebuilt
 * bundle's failure encoding from its text before it runs anything (src/worker/prebuilt-bundle.ts).
 */
export const ENCODED_FAILURES_MARKER = 'runbook-runner/encoded-failures/v1';
