/**
 * Reads a test file and what it tests: the runbook named by `runbook:` (a file of that name, or
 * with that `metadata.name`, in the test file's folder; else under `runbooks/` of its repository),
 * its child runbooks and the people.yaml that applies (loaded as `runbook run` loads them, from
 * the working tree), then cross-checks the test against them.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { loadRunbook } from '../cli/support/load-runbook.js';
import type { Diagnostic } from '../runbook/diagnostics.js';
import type { Locator } from '../runbook/locate.js';
import type { RunbookDefinition } from '../runbook/model.js';
import { parseRunbook } from '../runbook/parse.js';
import type { PeopleDirectory } from '../runbook/people/model.js';
import { checkAgainstRunbook } from './check-against-runbook.js';
import type { RunbookTestFile } from './model.js';
import { isTestFileName, parseTestFile } from './parse-test-file.js';

export interface LoadedTest {
  readonly test: RunbookTestFile;
  readonly text: string;
  readonly locator: Locator;
  readonly definition: RunbookDefinition;
  readonly children: Readonly<Record<string, RunbookDefinition>>;
  readonly people: PeopleDirectory;
  /** The runbook file (absolute) and its folder, where `real: true` steps run. */
  readonly runbookPath: string;
  readonly dir: string;
}

export type LoadTestResult =
  | ({ readonly ok: true } & LoadedTest)
  | { readonly ok: false; readonly text: string; readonly diagnostics: Diagnostic[] };

/** `path` absolute; `shown` is how reports name it (relative to the current folder). */
export async function loadTestFile(
  path: string,
  shown: string,
  cwd: string,
): Promise<LoadTestResult> {
  const text = await readFile(path, 'utf8');
  const parsed = parseTestFile(text, shown);
  if (!parsed.ok) return { ok: false, text, diagnostics: parsed.diagnostics };
  const { test, locator } = parsed;
  const problem = (message: string, hint: string): LoadTestResult => ({
    ok: false,
    text,
    diagnostics: [
      {
        code: message.startsWith('no runbook') ? 'RB9110' : 'RB9117',
        severity: 'error',
        message,
        file: shown,
        ...locator.at(['runbook']),
        hint,
      },
    ],
  });
  const runbookPath = await findRunbook(dirname(path), test.runbook);
  if (runbookPath === undefined) {
    return problem(
      `no runbook "${test.runbook}" beside ${shown}: no ${test.runbook}.yaml and no file with metadata.name: ${test.runbook} in ${relative(cwd, dirname(path)) || '.'}/`,
      'put the test file next to the runbook it tests, and name the runbook by its metadata.name',
    );
  }
  let loaded: Awaited<ReturnType<typeof loadRunbook>>;
  try {
    loaded = await loadRunbook(runbookPath, cwd);
  } catch (error) {
    return problem(
      `the runbook under test cannot run: ${(error as Error).message}`,
      'fix the runbook first (`runbook validate` shows every problem)',
    );
  }
  const diagnostics = checkAgainstRunbook(test, locator, {
    definition: loaded.definition,
    people: loaded.people,
  });
  if (diagnostics.length > 0) return { ok: false, text, diagnostics };
  return {
    ok: true,
    test,
    text,
    locator,
    definition: loaded.definition,
    children: loaded.children,
    people: loaded.people,
    runbookPath,
    dir: dirname(runbookPath),
  };
}

async function findRunbook(dir: string, name: string): Promise<string | undefined> {
  for (const candidate of [`${name}.yaml`, `${name}.yml`]) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries.sort()) {
    if (!/\.ya?ml$/.test(entry) || isTestFileName(entry)) continue;
    const path = join(dir, entry);
    const parsed = parseRunbook(await readFile(path, 'utf8').catch(() => ''), entry);
    if (parsed.ok && parsed.runbook.name === name) return path;
  }
  return undefined;
}
