/**
 * Transforms the bytes of every payload the framework stores, like Temporal's PayloadCodec:
 * `encode` on the way into storage, `decode` on the way out. Use it to encrypt payloads at rest
 * or to encode them differently. Both directions may be asynchronous (a key service, a KMS).
 * `decode(encode(x))` must give `x` back byte for byte.
 */
export interface PayloadCodec {
  encode(data: Uint8Array): Promise<Uint8Array> | Uint8Array;
  decode(data: Uint8Array): Promise<Uint8Array> | Uint8Array;
}

/**
 * How payloads become stored text. Values are always JSON first (the HTTP API, the client and
 * replay speak JSON); the codecs then run over that JSON's UTF-8 bytes, in order when storing and
 * in reverse order when reading — after compression, so compression still finds repetition.
 */
export interface DataConverter {
  readonly payloadCodecs?: readonly PayloadCodec[];
}
