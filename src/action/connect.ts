// The action's connection to Temporal: the address and namespace inputs, and with an API key,
// TLS (the key is only ever sent over TLS).
import { Client, Connection } from '@temporalio/client';
import { clientExtrasFromEnv } from '../temporal/process-extras.js';
import { ActionError } from './errors.js';
import type { ActionInputs } from './inputs.js';

/** How long connecting may take before the frontend counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** @throws ActionError RB8086 when the frontend does not answer. */
export async function connectTemporal(
  temporal: ActionInputs['temporal'],
  env: NodeJS.ProcessEnv,
): Promise<{ client: Client; connection: Connection }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({
      address: temporal.address,
      connectTimeout: CONNECT_TIMEOUT_MS,
      ...(temporal.apiKey === undefined ? {} : { apiKey: temporal.apiKey, tls: true }),
    });
  } catch (error) {
    throw new ActionError(
      'RB8086',
      `Temporal at ${temporal.address} did not answer within ${CONNECT_TIMEOUT_MS / 1000}s (${(error as Error).message}); check the temporal-address input${temporal.apiKey === undefined ? '' : ', the API key'} and that the runner can reach it`,
      { cause: error },
    );
  }
  return {
    client: new Client({ connection, namespace: temporal.namespace, ...clientExtrasFromEnv(env) }),
    connection,
  };
}
