/**
 * Reads a runbook file for `validate` and `plan` the way a hostile repository cannot abuse: only a
 * regular file, only inside the repository once symbolic links are resolved, at most the size
 * limit, and only valid UTF-8. Anything else is one diagnostic (RB5007, RB1008, RB5009) that never
 * quotes the target's content: a committed `x.yaml -> /proc/self/environ` must not print CI
 * secrets, and a FIFO or a device must not hang or crash the command.
 */
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import type { Diagnostic } from '../../runbook/diagnostics.js';
import { LIMITS } from '../../runbook/limits.js';

export type ReadRunbookResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

function refuse(file: string, code: string, message: string, hint: string): ReadRunbookResult {
  return {
    ok: false,
    diagnostic: { code, severity: 'error', message, file, line: 1, column: 1, hint },
  };
}

/** Whether `path` lies inside (or is) `root`; both are real paths. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Reads `path` (shown as `file`) if it is a regular file inside `root`.
 * @param root the repository (or folder) the file must stay in; resolved with realpath here.
 */
export async function readRunbookFile(
  path: string,
  file: string,
  root: string,
): Promise<ReadRunbookResult> {
  let real: string;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return refuse(
      file,
      'RB5007',
      `cannot read this file (${code}): a missing file or a broken or looping symbolic link`,
      'commit the runbook itself, not a link to it',
    );
  }
  if (!isInside(realRoot, real)) {
    return refuse(
      file,
      'RB5007',
      'this file is a symbolic link to a place outside the repository; it was not read',
      'runbooks are read only from inside the repository; commit the file itself',
    );
  }
  const info = await stat(real);
  if (info.isDirectory()) {
    return refuse(
      file,
      'RB5007',
      'this is a directory (or a link to one), not a runbook file',
      'rename it so that it does not end in .yaml, or point validate at the files inside',
    );
  }
  if (!info.isFile()) {
    return refuse(
      file,
      'RB5007',
      'this is not a regular file (a FIFO, socket or device); it was not read',
      'runbooks are regular files committed to the repository',
    );
  }
  if (info.size > LIMITS.maxFileBytes) return tooLarge(file);
  // O_NONBLOCK: should the file have been swapped for a FIFO since stat, open does not hang.
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  let bytes: Buffer;
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) {
      return refuse(
        file,
        'RB5007',
        'this file changed into something other than a regular file while it was read',
        'run the command again',
      );
    }
    const buffer = Buffer.alloc(LIMITS.maxFileBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > LIMITS.maxFileBytes) return tooLarge(file);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at);
    const line = before.filter((byte) => byte === 10).length + 1;
    const column = at - (before.lastIndexOf(10) + 1) + 1;
    return {
      ok: false,
      diagnostic: {
        code: 'RB5009',
        severity: 'error',
        message: `the file is not valid UTF-8 (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at offset ${at})`,
        file,
        line,
        column,
        hint: 'save the file as UTF-8',
      },
    };
  }
}

function tooLarge(file: string): ReadRunbookResult {
  return refuse(
    file,
    'RB1008',
    `the file is larger than ${LIMITS.maxFileBytes / 1024 / 1024} MiB`,
    'split it into child runbooks',
  );
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length =
      b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
