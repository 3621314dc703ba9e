/**
 * The determinism boundary as a lint rule: code under src/workflows/ runs in Temporal's workflow
 * sandbox and replays from history, so it may import values only from @temporalio/workflow and
 * pure modules. Value imports from activities, from the SDK's activity/client/worker/testing
 * packages or from Node built-ins are refused; `import type` of anything stays allowed (types are
 * erased). Biome's noRestrictedImports cannot tell type imports apart, hence this small checker.
 *
 *   node --import tsx scripts/lint/workflow-imports.ts [dir]   (default: src/workflows)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface ForbiddenImport {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly specifier: string;
  readonly reason: string;
}

const SDK_OUTSIDE_SANDBOX = [
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/testing',
];

/** Why a value import of `specifier` is refused in workflow code, or undefined when it is fine. */
export function refusalFor(specifier: string): string | undefined {
  if (/(^|\/)activities(\/|$)/.test(specifier)) {
    return 'activity code uses Node APIs the workflow sandbox forbids; use `import type`, or move pure code to src/runbook/';
  }
  if (SDK_OUTSIDE_SANDBOX.includes(specifier)) {
    return 'only @temporalio/workflow runs in the workflow sandbox; use `import type` for types';
  }
  const bare = specifier.replace(/^node:/, '');
  if (specifier.startsWith('node:') || builtinModules.includes(bare)) {
    return 'Node built-ins are not deterministic and are unavailable in the workflow sandbox';
  }
  return undefined;
}

/** The value imports (and re-exports) of one source file that cross the boundary. */
export function findForbiddenImports(text: string, file: string): ForbiddenImport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: ForbiddenImport[] = [];
  const check = (moduleSpecifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (typeOnly || moduleSpecifier === undefined || !ts.isStringLiteral(moduleSpecifier)) return;
    const reason = refusalFor(moduleSpecifier.text);
    if (reason === undefined) return;
    const { line, character } = source.getLineAndCharacterOfPosition(moduleSpecifier.getStart());
    found.push({
      file,
      line: line + 1,
      column: character + 1,
      specifier: moduleSpecifier.text,
      reason,
    });
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      check(statement.moduleSpecifier, importIsTypeOnly(statement.importClause));
    } else if (ts.isExportDeclaration(statement)) {
      const named = statement.exportClause;
      const allTypes =
        statement.isTypeOnly ||
        (named !== undefined &&
          ts.isNamedExports(named) &&
          named.elements.every((e) => e.isTypeOnly));
      check(statement.moduleSpecifier, allTypes);
    }
  }
  return found;
}

/** `import type {…}`, or `import { type A, type B }` with every name a type; bare imports run code. */
function importIsTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (clause === undefined) return false;
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  if (bindings === undefined || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(path);
  }
  return files;
}

function main(): void {
  const dir = process.argv[2] ?? 'src/workflows';
  const problems = sourceFiles(dir).flatMap((file) =>
    findForbiddenImports(readFileSync(file, 'utf8'), relative(process.cwd(), file)),
  );
  for (const p of problems) {
    process.stderr.write(
      `${p.file}:${p.line}:${p.column} workflow code imports "${p.specifier}": ${p.reason}\n`,
    );
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} forbidden import(s) in ${dir}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
