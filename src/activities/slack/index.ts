export {
  createSlackClient,
  DEFAULT_SLACK_API_URL,
  SLACK_CLIENT_RETRIES,
  SLACK_REQUEST_TIMEOUT_MS,
  type SlackSettings,
  slackSettings,
} from './client.js';
export { SlackFailureType, slackFailure } from './errors.js';
export {
  createSlackActivities,
  type SlackActivities,
  type SlackActivityDeps,
  type SlackMessageResult,
  type SlackPostMessage,
  type SlackUpdateMessage,
} from './messages.js';
