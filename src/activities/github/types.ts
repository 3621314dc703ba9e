/** What the GitHub activities return and hand to compensation. Plain JSON. */
import type { JsonObject } from '../../runbook/model.js';

/** What `githubUndo` carries out when a run rolls back past a GitHub step. */
export type GithubUndoRecord =
  | {
      readonly version: 1;
      readonly action: 'deployment';
      readonly repository: string;
      readonly deploymentId: number;
      readonly environment: string;
      /** The status to set: failure (default), inactive or error. */
      readonly state: 'failure' | 'inactive' | 'error';
    }
  | {
      readonly version: 1;
      readonly action: 'release';
      readonly repository: string;
      readonly releaseId: number;
      readonly tag: string;
    };

export interface GithubResult {
  readonly outputs: JsonObject;
  readonly undo?: GithubUndoRecord;
}
