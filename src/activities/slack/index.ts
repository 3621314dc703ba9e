export { SLACK_CLIENT_RETRIES, slackStepClient } from './client.js';
export { SlackFailureType, slackFailure } from './errors.js';
export {
  createSlackActivities,
  type SlackActivities,
  type SlackActivityDeps,
  type SlackMessageResult,
  type SlackPostMessage,
  type SlackUpdateMessage,
} from './messages.js';
