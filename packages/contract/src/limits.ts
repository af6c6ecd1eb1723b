/** Documented bounds on what a client may send; the README's configuration section repeats them. */
export const limits = {
  /** A job's payload, serialised as JSON. Larger data belongs in object storage, passed by reference. */
  maxPayloadBytes: 256 * 1024,
  /** A handler's result, serialised as JSON; a larger one fails the attempt (it belongs in object storage). */
  maxResultBytes: 1024 * 1024,
  maxAttempts: 25,
  minTimeoutMs: 100,
  maxTimeoutMs: 24 * 60 * 60 * 1000,
  maxDelayMs: 365 * 24 * 60 * 60 * 1000,
  maxPriority: 100,
  maxMetadataKeys: 32,
  /** As long as a `metadata.<key>` list filter may name, so every stored key can be filtered on. */
  maxMetadataKeyLength: 100,
  maxMetadataValueLength: 512,
  maxBatchSize: 500,
  /** How deeply a request body may nest arrays and objects: deeper is refused before anything walks it recursively. */
  maxBodyDepth: 64,
  maxListLimit: 100,
  defaultListLimit: 20,
  /** The `Idempotency-Key` header's length. */
  maxIdempotencyKeyLength: 255,
  /** How long a key answers with its first request's jobs; after that it counts as new. */
  idempotencyWindowMs: 24 * 60 * 60 * 1000,
} as const;
