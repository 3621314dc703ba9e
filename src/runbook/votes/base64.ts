/**
 * Base64 and base64url without Node's `Buffer` or the browser's `atob`, so that workflow code can
 * decode keys and signatures. Decoding accepts either alphabet, with or without `=` padding, and
 * refuses anything else (a stray character is an error, never skipped). Pure: no I/O.
 */

const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const VALUES: Readonly<Record<string, number>> = (() => {
  const table: Record<string, number> = Object.create(null) as Record<string, number>;
  for (let i = 0; i < 64; i++) table[URL_ALPHABET.charAt(i)] = i;
  table['+'] = 62;
  table['/'] = 63;
  return table;
})();

/** Bytes as unpadded base64url (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += URL_ALPHABET.charAt((n >> (18 - 6 * k)) & 63);
  }
  return out;
}

/**
 * Decodes base64 or base64url (padding optional), or returns `undefined` for text that is not:
 * a character outside both alphabets, a length no encoding produces, or non-zero spare bits.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1) return undefined;
  if (text.length !== body.length && text.length % 4 !== 0) return undefined;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of body) {
    const digit = VALUES[char];
    if (digit === undefined) return undefined;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  if ((value & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}
