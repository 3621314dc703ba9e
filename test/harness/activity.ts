import { MockActivityEnvironment } from '@temporalio/testing';

/** Runs an activity function inside a mock activity context, collecting its heartbeats. */
export async function runActivity<I, O>(
  fn: (input: I) => Promise<O>,
  input: I,
): Promise<{ result: O; heartbeats: unknown[] }> {
  const env = new MockActivityEnvironment();
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(details));
  const result = (await env.run(fn, input)) as O;
  return { result, heartbeats };
}
