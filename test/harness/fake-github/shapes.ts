// Small pieces the endpoint families share: the repository key of a route, a SHA for a ref, and
// GitHub's 422 body.
import { createHash } from 'node:crypto';

export const repoOf = (params: Record<string, string>): string => `${params.owner}/${params.repo}`;

/** A ref that is a full SHA stays itself; a branch or tag gets a stable made-up commit. */
export function shaOf(ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref : createHash('sha1').update(`ref:${ref}`).digest('hex');
}

/** GitHub's `Validation Failed` answer. */
export function validationFailed(
  resource: string,
  field: string,
  code: 'missing_field' | 'invalid' | 'already_exists' | 'custom',
  message?: string,
): [number, unknown] {
  return [
    422,
    {
      message: 'Validation Failed',
      errors: [{ resource, field, code, ...(message === undefined ? {} : { message }) }],
      documentation_url: 'https://docs.github.com/rest',
    },
  ];
}
