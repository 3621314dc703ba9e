// `RUNBOOK_CODEC_KEYS=<id>=<base64 of 32 bytes>[,<id>=<key>…]`: the keys the codec encrypts and
// decrypts with. The first key encrypts new payloads; every listed key decrypts, so a rotation
// puts the new key first and keeps the old ones until no run that needs them is left.
import { CODEC_KEYS_SETTING, CodecKeysError } from './errors.js';

/** AES-256 takes a 32-byte key. */
export const KEY_BYTES = 32;

/** What an id may look like: it travels in every payload's metadata, so it is kept short. */
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Standard base64 with its padding, as `openssl rand -base64 32` prints it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface CodecKeyring {
  /** The id of the key that encrypts: the first one listed. */
  readonly encryptKeyId: string;
  /** Every key by id, in the order listed. */
  readonly keys: ReadonlyMap<string, Buffer>;
}

/**
 * Parses the setting's value strictly: any mistake is a {@link CodecKeysError} naming the entry
 * (never the key itself), because a half-understood key list would encrypt with the wrong key or
 * fail to read old runs later, far from the typo.
 */
export function parseCodecKeys(text: string): CodecKeyring {
  if (text.trim() === '') {
    throw new CodecKeysError(
      `is set but empty; unset it to store payloads unencrypted, or give at least one key`,
    );
  }
  const keys = new Map<string, Buffer>();
  const entries = text.split(',');
  entries.forEach((raw, index) => {
    const entry = index + 1;
    const item = raw.trim();
    if (item === '')
      throw new CodecKeysError('is empty (two commas in a row, or a trailing one)', entry);
    const equals = item.indexOf('=');
    if (equals <= 0) throw new CodecKeysError('is not <id>=<base64 key>', entry);
    const id = item.slice(0, equals).trim();
    const encoded = item.slice(equals + 1).trim();
    if (encoded.replace(/=+$/, '') === '') {
      // Nothing after the "=": either "<id>=" with the key left out, or a key's own base64 whose
      // padding "=" was taken for the separator. The part before it is not quoted: it may be the
      // key itself.
      throw new CodecKeysError(
        'has no key after its "=" (write <id>=<base64 key>; is the "<id>=" in front of the key missing?)',
        entry,
      );
    }
    if (!KEY_ID.test(id)) {
      throw new CodecKeysError(
        // The id is not quoted: without its "<id>=", a key's own base64 would be printed.
        `the key id (before the first "=") must be 1–64 letters, digits, ".", "_" or "-" (is the "<id>=" in front of the key missing)`,
        entry,
      );
    }
    if (keys.has(id)) throw new CodecKeysError(`key id "${id}" is listed twice`, entry);
    if (encoded === '' || !BASE64.test(encoded)) {
      throw new CodecKeysError(`the key of "${id}" is not standard base64`, entry);
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) {
      throw new CodecKeysError(
        `the key of "${id}" is ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES}`,
        entry,
      );
    }
    keys.set(id, key);
  });
  const [encryptKeyId] = keys.keys();
  if (encryptKeyId === undefined) throw new CodecKeysError('lists no key');
  return { encryptKeyId, keys };
}

/** The keyring from the environment, or `undefined` when the setting is absent (no encryption). */
export function codecKeysFromEnv(env: NodeJS.ProcessEnv): CodecKeyring | undefined {
  const text = env[CODEC_KEYS_SETTING];
  return text === undefined ? undefined : parseCodecKeys(text);
}
