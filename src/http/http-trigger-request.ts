/** The request an `@HttpTrigger` method receives. */
export interface HttpTriggerRequest<TParams extends object = Readonly<Record<string, string | undefined>>> {
  /** Upper-case method, e.g. `POST`. */
  readonly method: string;
  /** The absolute URL the client called, on the server's base URL (configured, or the address it came in on). */
  readonly url: string;
  /** Route parameters by name (an optional parameter that was left out is absent). */
  readonly params: TParams;
  /** The query string (repeated keys keep every value). */
  readonly query: URLSearchParams;
  /** Request headers, names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The body: parsed JSON for `application/json` (and `+json`) content, a string for `text/*`,
   * a Buffer for anything else, `undefined` when the request has none.
   */
  readonly body: unknown;
  /**
   * The body as a JSON value, read the way the built-in API reads an orchestration input: it needs
   * a JSON content type (`application/json` or `application/…+json`); `undefined` when there is
   * no body and no content type.
   * @throws HttpProblem (answered with 400) for invalid JSON, 415 for any other content type
   */
  json(): unknown;
}
