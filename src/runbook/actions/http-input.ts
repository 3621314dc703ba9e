/**
 * The `with:` of `uses: http.request`: what `runbook validate` checks and what the `httpRequest`
 * activity parses once the templates are rendered. Pure: zod only.
 */
import { z } from 'zod';
import { Duration, Template } from '../schema.js';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const HttpRequestInput = z.strictObject({
  url: Template.meta({ description: 'An absolute http(s) URL; may hold secret params.' }),
  method: z.enum(HTTP_METHODS).optional().meta({ description: 'GET when absent.' }),
  headers: z.record(z.string(), Template).optional(),
  body: z
    .json()
    .optional()
    .meta({ description: 'A string is sent as is; any other value as JSON.' }),
  expectStatus: z
    .array(z.int().min(100).max(599))
    .optional()
    .meta({ description: 'Statuses that count as success; 2xx when absent.' }),
  timeout: Duration.optional().meta({
    description: 'How long to wait for the complete response (30s when absent).',
  }),
});
export type HttpRequestInput = z.input<typeof HttpRequestInput>;
