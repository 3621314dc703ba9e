/**
 * Plain-JSON shapes shared by the Kubernetes activities: what they return, and the `undo` records
 * that `kubernetesUndo` restores. Pure types, safe to import from workflow code.
 */
import type { JsonObject, JsonValue } from '../../runbook/model.js';

export type { JsonObject, JsonValue };

/** A fully resolved object: `namespace` is set exactly when the kind is namespaced. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** What every Kubernetes activity returns. */
export interface KubernetesResult {
  readonly outputs: JsonObject;
  /** Present when the activity changed something it can put back (see the `undo` of its action in src/runbook/actions). */
  readonly undo?: KubernetesUndoRecord;
}

interface UndoBase {
  /** Bumped when the record's shape changes, so an old record in history is still understood. */
  readonly version: 1;
  /** The `cluster` the step ran against (a kubeconfig context or `in-cluster`); absent = default. */
  readonly cluster?: string;
}

/** `setImage` replaced these images; undo sets them back. */
export interface SetImageUndo extends UndoBase {
  readonly action: 'setImage';
  readonly target: ObjectRef;
  /** Container name → the image it had before. */
  readonly containers: Readonly<Record<string, string>>;
  readonly initContainers: Readonly<Record<string, string>>;
}

/** `scale` replaced this replica count; undo sets it back. */
export interface ScaleUndo extends UndoBase {
  readonly action: 'scale';
  readonly target: ObjectRef;
  readonly replicas: number;
}

/**
 * One object an `apply` or `patch` changed: its previous state (`null`: the step created it), or,
 * for a Secret that existed, the name of the backup Secret holding its previous state in the same
 * namespace (so that no Secret data enters history; see secret-backup.ts).
 */
export type RestoreItem =
  | { readonly target: ObjectRef; readonly previous: JsonObject | null }
  | { readonly target: ObjectRef; readonly backup: string };

/**
 * `apply` and `patch` record each object as it was before. Undo walks the items in reverse,
 * replacing each object with its previous state (read from the backup for a Secret) or deleting
 * it. Records written before backups existed have only `previous` items and are still understood.
 */
export interface RestoreUndo extends UndoBase {
  readonly action: 'restore';
  readonly source: 'apply' | 'patch';
  readonly items: ReadonlyArray<RestoreItem>;
}

export type KubernetesUndoRecord = SetImageUndo | ScaleUndo | RestoreUndo;
