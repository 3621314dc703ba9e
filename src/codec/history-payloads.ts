// Payloads read from raw history (`getWorkflowExecutionHistory`, `fetchHistory()`) arrive as the
// server stores them: the client decodes results, query answers and failures for us, but not the
// events of a history. Whoever reads a value from an event decodes it here, through the same data
// converter (codecs, then the payload converter) the client was built with.
import type { Client } from '@temporalio/client';
import type { LoadedDataConverter, Payload } from '@temporalio/common';

/** Runs the converter's codecs over `payloads` in decode order (the reverse of encode order). */
export async function decodePayloads(
  converter: Pick<LoadedDataConverter, 'payloadCodecs'>,
  payloads: Payload[],
): Promise<Payload[]> {
  let decoded = payloads;
  for (const codec of [...converter.payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  return decoded;
}

/**
 * The value of one payload from a history event, decoded with `client`'s data converter.
 * @throws CodecKeyMissingError / CodecPayloadError when it is encrypted with a key this process lacks.
 */
export async function historyPayloadValue<T>(client: Client, payload: Payload): Promise<T> {
  const converter = client.options.loadedDataConverter;
  const [decoded] = await decodePayloads(converter, [payload]);
  if (decoded === undefined) throw new Error('a codec returned no payload for one; this is a bug');
  return converter.payloadConverter.fromPayload<T>(decoded);
}
