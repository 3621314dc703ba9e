/**
 * The documented limits a runbook can break by itself (see limits.ts and docs/security.md#limits):
 * the length of ids and names, the number of literal `forEach` items and of outputs. Each is
 * RB5006 with the limit named. Pure.
 */
import { shown } from '../bounded-text.js';
import type { Diagnostic } from '../diagnostics.js';
import { LIMITS } from '../limits.js';
import type { Locator, Path } from '../locate.js';
import type { RawStep } from '../schema.js';

function tooLong(what: string, name: string, path: Path, locator: Locator): Diagnostic {
  return {
    code: 'RB5006',
    severity: 'error',
    message: `${what} "${shown(name, 40)}" is ${name.length} characters long; the limit is ${LIMITS.maxIdLength}`,
    file: locator.file,
    ...locator.at(path, 'key'),
    hint: 'use a shorter name',
  };
}

/** Limits of one step at `path` (its nested steps are visited on their own). */
export function checkStepLimits(step: RawStep, path: Path, locator: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (step.id.length > LIMITS.maxIdLength) {
    const at = locator.at([...path, 'id']);
    out.push({ ...tooLong('step id', step.id, [...path, 'id'], locator), ...at });
  }
  const outputs = Object.keys(step.outputs ?? {});
  for (const name of outputs) {
    if (name.length > LIMITS.maxIdLength) {
      out.push(tooLong('output name', name, [...path, 'outputs', name], locator));
    }
  }
  if (outputs.length > LIMITS.maxOutputsPerStep) {
    out.push({
      code: 'RB5006',
      severity: 'error',
      message: `step "${step.id}" has ${outputs.length} outputs; the limit is ${LIMITS.maxOutputsPerStep}`,
      file: locator.file,
      ...locator.at([...path, 'outputs'], 'key'),
      hint: 'return one output holding a list or map instead',
    });
  }
  for (const name of Object.keys(step.env ?? {})) {
    if (name.length > LIMITS.maxIdLength)
      out.push(tooLong('env name', name, [...path, 'env', name], locator));
  }
  const items = step.forEach?.items;
  if (Array.isArray(items) && items.length > LIMITS.maxForEachItems) {
    out.push({
      code: 'RB5006',
      severity: 'error',
      message: `forEach lists ${items.length} items; the limit is ${LIMITS.maxForEachItems}`,
      file: locator.file,
      ...locator.at([...path, 'forEach', 'items'], 'key'),
      hint: 'split the list over several steps or child runbooks',
    });
  }
  return out;
}

/** Limits of the declared params: name length and count. */
export function checkParamLimits(names: readonly string[], locator: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const name of names) {
    if (name.length > LIMITS.maxIdLength) {
      out.push(tooLong('param name', name, ['spec', 'params', name], locator));
    }
  }
  if (names.length > LIMITS.maxParamCount) {
    out.push({
      code: 'RB5006',
      severity: 'error',
      message: `the runbook declares ${names.length} params; the limit is ${LIMITS.maxParamCount}`,
      file: locator.file,
      ...locator.at(['spec', 'params'], 'key'),
      hint: 'group related values into fewer params or split the runbook',
    });
  }
  return out;
}
