// The codec server of `runbook server`: on exactly when RUNBOOK_CODEC_KEYS is set, so operators
// read decrypted histories in the Web UI and `temporal` they already use (docs/encryption.md).
import { codecFromEnv } from '../../codec/data-converter.js';
import type { IntegrationFactory } from '../types.js';
import { CodecServerAuthMissingError } from './errors.js';
import { CODEC_PATH, codecRoutes } from './routes.js';
import { readCodecServerSettings } from './settings.js';

export const codecIntegration: IntegrationFactory = async (context) => {
  const codec = codecFromEnv(context.env);
  if (codec === undefined) return undefined;
  const settings = readCodecServerSettings(context.env);
  const auth = [
    ...(settings.authToken === undefined ? [] : ['bearer token']),
    ...(settings.jwt?.hs256Secret === undefined ? [] : ['JWT HS256']),
    ...(settings.jwt?.rs256PublicKey === undefined ? [] : ['JWT RS256']),
  ];
  if (auth.length === 0 && !settings.allowUnauthenticated) throw new CodecServerAuthMissingError();
  const keyIds = [...codec.keyring.keys.keys()];
  return {
    name: 'codec',
    routes: codecRoutes({
      codec,
      settings,
      log: context.log,
      now: () => Math.floor(Date.now() / 1000),
    }),
    describe: () =>
      `codec: ${CODEC_PATH}/encode, ${CODEC_PATH}/decode (key "${codec.encryptKeyId}" encrypts; ${keyIds.length === 1 ? '1 key decrypts' : `${keyIds.length} keys decrypt`}; auth: ${auth.length === 0 ? 'NONE (RUNBOOK_CODEC_ALLOW_UNAUTHENTICATED=true)' : auth.join(', ')}${settings.jwt?.audience === undefined ? '' : ` aud=${settings.jwt.audience}`}; CORS: ${settings.corsOrigins.length === 0 ? 'no browser origin' : settings.corsOrigins.join(', ')})`,
    close: async () => {},
  };
};
