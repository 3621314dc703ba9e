export type {
  HttpFailureDetails,
  HttpRequest,
  HttpRequestDeps,
  HttpRequestInput,
  HttpRequestResult,
} from './http-request.js';
export {
  createHttpRequest,
  DEFAULT_HTTP_REQUEST_TIMEOUT_MS,
  HTTP_HEARTBEAT_INTERVAL_MS,
  HttpFailureType,
  MAX_HTTP_BODY_BYTES,
  RETRYABLE_CLIENT_STATUSES,
} from './http-request.js';
