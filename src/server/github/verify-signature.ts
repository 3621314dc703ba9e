// `X-Hub-Signature-256` checked with @octokit/webhooks (HMAC-SHA256 of the raw body, compared in
// constant time), against the current secret and, during a rotation, the old one.
import { Webhooks } from '@octokit/webhooks';

export type SignatureVerifier = (rawBody: string, signature: string) => Promise<boolean>;

/** A verifier accepting a signature made with any of `secrets` (the current one first). */
export function signatureVerifier(secrets: readonly string[]): SignatureVerifier {
  const verifiers = secrets.map((secret) => new Webhooks({ secret }));
  return async (rawBody, signature) => {
    if (rawBody === '' || !/^sha256=[0-9a-f]{64}$/.test(signature)) return false;
    for (const webhooks of verifiers) {
      if (await webhooks.verify(rawBody, signature)) return true;
    }
    return false;
  };
}
