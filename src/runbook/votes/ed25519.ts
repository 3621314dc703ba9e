/**
 * Ed25519 with its SHA-512 wired synchronously, so that signing and verifying need neither
 * WebCrypto nor a promise: the workflow sandbox verifies votes inside an Update validator, which
 * must be synchronous. Pure JavaScript (`@noble/ed25519` + `@noble/hashes`), deterministic.
 */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';

ed.hashes.sha512 ??= sha512;

export { ed };
