// `/runbook` and its param modal, as Bolt listeners. Each answers Slack at once (ack) and does
// the work in the server's background, replying through the command's response_url.
import type { App, RespondFn } from '@slack/bolt';
import type { LoadedRunbook } from '../../cli/support/load-runbook.js';
import { closestNames } from '../../runbook/diagnostics.js';
import { resolveParams } from '../../runbook/params.js';
import { HELP_TEXT, listReply, statusReply } from './command-replies.js';
import { parseCommandText } from './command-text.js';
import type { SlackDeps, SlackExtension } from './extension.js';
import {
  modalErrors,
  PARAM_MODAL_CALLBACK_ID,
  paramModal,
  problemText,
  readModalValues,
} from './param-modal.js';
import { openModalState, sealModalState } from './private-metadata.js';
import { escapeMrkdwn } from './slack-text.js';
import { slackStartRefusal, startFromSlack } from './start-from-slack.js';
import { SlackUserGroups } from './user-groups.js';

const NO_CATALOG =
  'This server reads no runbook repository (set RUNBOOK_REPO where it runs), so it can start nothing [RB7029]';

interface Invocation {
  readonly userId: string;
  readonly channel: string;
  readonly triggerId: string;
}

async function runCommand(
  deps: SlackDeps,
  groups: SlackUserGroups,
  name: string,
  typed: Readonly<Record<string, string>>,
  who: Invocation,
  say: (text: string) => Promise<void>,
): Promise<void> {
  const { catalog } = deps.context;
  if (catalog === undefined) return say(NO_CATALOG);
  const sha = await catalog.resolve();
  const names = (await catalog.list(sha)).map((entry) => entry.name);
  if (!names.includes(name)) {
    const close = closestNames(name, names);
    return say(
      `No runbook "${escapeMrkdwn(name)}" at \`${sha.slice(0, 12)}\`${
        close.length === 0 ? '' : `; did you mean ${close.map((n) => `\`${n}\``).join(', ')}?`
      } (\`/runbook list\` shows what you may start) [RB7022]`,
    );
  }
  let loaded: LoadedRunbook;
  try {
    loaded = await catalog.load(name, sha);
  } catch (error) {
    return say(
      `Runbook "${escapeMrkdwn(name)}" at \`${sha.slice(0, 12)}\` cannot be started: ${escapeMrkdwn(
        (error as Error).message.split('\n')[0] ?? '',
      )}`,
    );
  }
  const refusal = await slackStartRefusal(loaded, who, groups);
  if (refusal !== undefined) return say(refusal);
  const resolved = resolveParams(loaded.definition, typed);
  if (resolved.ok) return say(await startFromSlack(deps, loaded, resolved.params, who));
  const unknown = resolved.errors.filter((error) => error.code === 'RB4003');
  if (unknown.length > 0) {
    return say(unknown.map((error) => escapeMrkdwn(error.message)).join('\n'));
  }
  const problems = resolved.errors
    .filter((error) => error.code !== 'RB4001' || Object.hasOwn(typed, error.param))
    .map((error) => problemText(loaded.definition, error));
  const metadata = sealModalState(
    { name, sha, channel: who.channel, triggerId: who.triggerId, user: who.userId },
    deps.settings.signingSecrets[0] ?? '',
  );
  await deps.web.views.open({
    trigger_id: who.triggerId,
    view: paramModal(loaded.definition, typed, problems, metadata) as never,
  });
}

function register(app: App, deps: SlackDeps, groups: SlackUserGroups): void {
  app.command(/^\/[a-z0-9_-]+$/, async ({ command, ack, respond }) => {
    await ack();
    const who: Invocation = {
      userId: command.user_id,
      channel: command.channel_id,
      triggerId: command.trigger_id,
    };
    const say = async (text: string) => {
      await (respond as RespondFn)({ response_type: 'ephemeral', text });
    };
    deps.context.background.run(`slack ${command.command} by ${who.userId}`, async () => {
      const parsed = parseCommandText(command.text ?? '');
      if (!parsed.ok) return say(`${escapeMrkdwn(parsed.message)} [RB7028]`);
      const cmd = parsed.command;
      switch (cmd.verb) {
        case 'help':
          return say(HELP_TEXT);
        case 'list':
          if (deps.context.catalog === undefined) return say(NO_CATALOG);
          return say(await listReply(deps.context.catalog, who, groups));
        case 'status':
          return say(await statusReply(deps.context.client, cmd.runId));
        case 'run':
          return runCommand(deps, groups, cmd.name, cmd.params, who, say);
        default: {
          const never: never = cmd;
          throw new Error(`unhandled command ${JSON.stringify(never)}`);
        }
      }
    });
  });

  app.view(PARAM_MODAL_CALLBACK_ID, async ({ ack, body, view }) => {
    const userId = body.user.id;
    const state = openModalState(view.private_metadata, deps.settings.signingSecrets);
    const firstBlock = view.blocks.find((block) => block.type === 'input')?.block_id;
    const refuse = (text: string) =>
      ack({ response_action: 'errors', errors: { [firstBlock ?? 'param:']: text } });
    if (state === undefined || state.user !== userId) {
      deps.context.log(`slack: refused a param form from ${userId}: its metadata is not ours`);
      return refuse(
        'This form was not opened by this server for you; run the command again [RB7027]',
      );
    }
    const { catalog } = deps.context;
    if (catalog === undefined) return refuse(NO_CATALOG);
    const loaded = await catalog.load(state.name, state.sha);
    const who = { userId, channel: state.channel, triggerId: state.triggerId };
    const refusal = await slackStartRefusal(loaded, who, groups);
    if (refusal !== undefined) return refuse(refusal);
    const resolved = resolveParams(
      loaded.definition,
      readModalValues(loaded.definition, view.state),
    );
    if (!resolved.ok) {
      return ack({
        response_action: 'errors',
        errors: modalErrors(loaded.definition, resolved.errors),
      });
    }
    await ack();
    deps.context.background.run(`slack form for ${state.name} by ${userId}`, async () => {
      const text = await startFromSlack(deps, loaded, resolved.params, who);
      await deps.web.chat.postEphemeral({ channel: state.channel, user: userId, text });
    });
  });
}

/** The slash command and its modal: the part of the Slack app every server has. */
export function runbookCommand(): SlackExtension {
  return {
    register(app, deps) {
      register(app, deps, new SlackUserGroups(deps.web));
    },
  };
}
