import type { ActionDefinition } from '../../runbook/actions/index.js';
import { describeInputIssues } from '../../runbook/actions/index.js';
import type { JsonObject } from '../../runbook/model.js';
import { WORKFLOW_CHECKS_RENDERED_INPUT } from '../policies.js';
import { failStepBehindPatch } from '../step-values.js';

/**
 * Checks the rendered `with:` of an action the workflow carries out itself (`approval`, `sleep`):
 * no activity parses those, so a `${{ }}` that rendered to the wrong type (a `required: "two"`) is
 * caught here and fails the step, naming the field, instead of being read as a default.
 *
 * The patch is asked only when the input is refused, so runs whose input fits record no marker;
 * a run that tolerated a bad input before the patch keeps doing so on replay.
 */
export function checkRenderedInput(
  action: ActionDefinition,
  key: string,
  rendered: JsonObject,
): void {
  const result = action.input.safeParse(rendered);
  if (result.success) return;
  const problems = describeInputIssues(result.error.issues, rendered);
  failStepBehindPatch(
    WORKFLOW_CHECKS_RENDERED_INPUT,
    key,
    `the rendered with: of ${action.name} does not fit: ${problems.join('; ')}`,
  );
}
