import { DeploymentConflictError, DeploymentRequestError } from './errors.js';

/** gRPC status codes the routing calls answer with. */
const FAILED_PRECONDITION = 9;
const ABORTED = 10;

/** The gRPC status of a failed call over a `Connection` or a worker's `NativeConnection`. */
export function grpcCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The server's own reason, without the `9 FAILED_PRECONDITION: ` prefix gRPC adds. */
export function serverReasonOf(error: unknown): string {
  const message =
    (error as { details?: unknown } | null)?.details ?? (error as Error | null)?.message;
  return String(message ?? error).replace(/^\d+ [A-Z_]+: /, '');
}

/**
 * Runs one call to the server. A conflict-token mismatch becomes a {@link DeploymentConflictError};
 * any other refusal a {@link DeploymentRequestError} that keeps the server's reason and its gRPC
 * code (callers map NOT_FOUND to their own error).
 */
export async function serverCall<T>(
  deploymentName: string,
  attempted: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = grpcCodeOf(error);
    if (code === undefined) throw error;
    const reason = serverReasonOf(error);
    if (
      (code === FAILED_PRECONDITION || code === ABORTED) &&
      /conflict token|conflict_token/i.test(reason)
    ) {
      throw new DeploymentConflictError(deploymentName, attempted, { cause: error });
    }
    throw new DeploymentRequestError(deploymentName, attempted, reason, code, { cause: error });
  }
}
