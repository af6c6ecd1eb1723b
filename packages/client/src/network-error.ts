/** No answer from the API: refused, reset, DNS, or no answer within the request timeout. `cause` holds fetch's error. */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
