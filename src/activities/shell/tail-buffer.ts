/** Keeps the last `limit` bytes of a text stream, for the bounded tail that enters history. */
export class TailBuffer {
  #chunks: Buffer[] = [];
  #bytes = 0;

  constructor(readonly limit: number) {}

  push(text: string): void {
    if (text === '') return;
    const chunk = Buffer.from(text, 'utf8');
    this.#chunks.push(chunk);
    this.#bytes += chunk.length;
    if (this.#bytes > 2 * this.limit) this.#compact();
  }

  /** The last `limit` bytes, never starting in the middle of a UTF-8 character. */
  text(): string {
    this.#compact();
    const all = Buffer.concat(this.#chunks);
    let start = 0;
    // Skip continuation bytes (10xxxxxx) left over from a character cut at the front.
    while (start < all.length && ((all[start] ?? 0) & 0xc0) === 0x80) start++;
    return all.subarray(start).toString('utf8');
  }

  #compact(): void {
    const all = Buffer.concat(this.#chunks);
    const kept = all.length > this.limit ? all.subarray(all.length - this.limit) : all;
    this.#chunks = [kept];
    this.#bytes = kept.length;
  }
}
