export const WORKERS_HELP = `Usage: runbook workers <subcommand> [--deployment name] [--address host:port] [--namespace ns]

Routes runs between the versions (build ids) of a Worker Deployment: the workers started with
RUNBOOK_DEPLOYMENT_NAME=<name> and RUNBOOK_BUILD_ID=<build id>. See docs/versioning.md and
docs/cli.md#runbook-workers.

Subcommands:
  status [--json]              versions, pollers per version, current / ramping with its
                               percentage, drainage of each version
  ramp <build-id> <percent>    send <percent> % of new runs to <build-id> (0–100)
  ramp --stop                  stop ramping
  promote <build-id>           make <build-id> the current version (100 %)
  rollback                     make the previous current version current again
  retire <build-id>            delete a version; refused while it is current or ramping, still
                               draining, or still has workers polling

Options:
  --deployment name   the Worker Deployment (default: RUNBOOK_DEPLOYMENT_NAME)
  --as name           recorded by the server as who changed the routing (default: OS user)

Every change is made against the routing it was decided on (a conflict token): if someone else
changed it in between, the command changes nothing and says so (RB9201).
`;
