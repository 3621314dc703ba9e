// Worker Deployment routing through the Temporal API, shared by `runbook workers` and the
// `temporal.*` actions: describe, set current / ramping with conflict tokens, retire.
export {
  type DeploymentState,
  type DeploymentTarget,
  type Drainage,
  describeDeployment,
  type PollerState,
  pollersByVersion,
  type VersionState,
  type VersionStatus,
} from './describe.js';
export {
  DeploymentConflictError,
  DeploymentNotFoundError,
  DeploymentRequestError,
  NoPreviousVersionError,
  RetireRefusedError,
  VersionNotFoundError,
} from './errors.js';
export {
  deleteVersion,
  previousCurrentOf,
  type Routing,
  type RoutingChange,
  restoreRouting,
  retireRefusal,
  routingOf,
  setCurrentVersion,
  setRampingVersion,
} from './routing.js';
