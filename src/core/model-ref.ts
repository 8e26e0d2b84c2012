/**
 * A model part sent by reference (`model.deploy {artifact_ref}`): when a node's part of a model is
 * larger than the command channel's size bound, the command carries this instead and the node
 * fetches the part from the studio it polls, with its ingest token, then checks the bytes.
 */
export interface ArtifactRef {
  /** A path on the studio (`/api/v1/edge/{node}/models/{id}/artifact`), resolved against the node's studio URL. */
  url: string;
  /** `sha256:<hex>` of the exact bytes served: a part that differs is refused (`artifact_digest_mismatch`). */
  sha256: string;
  /** Length of those bytes: the fetch stops past it. */
  bytes: number;
  model_id: string;
  version: number;
  /** The artifact's own checksum (the part also verifies on its own once fetched). */
  checksum: string;
}

/** Largest part a node fetches (a reference naming more is refused before any byte is read). */
export const ARTIFACT_FETCH_MAX_BYTES = 64 * 1024 * 1024;
