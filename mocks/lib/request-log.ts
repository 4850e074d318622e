/** One send request a vendor mock accepted: it passed auth and validation, whatever it then answered. */
export interface AcceptedRequest {
  readonly path: string;
  /** The device tokens the request carried, in request order. */
  readonly tokens: readonly string[];
  /** The parsed body (JSON value or form fields). */
  readonly body: unknown;
  /** HTTP status the mock answered with. */
  readonly status: number;
}

/** What a vendor mock accepted, in arrival order. */
export class RequestLog {
  #items: AcceptedRequest[] = [];

  add(request: AcceptedRequest): void {
    this.#items.push(request);
  }

  list(): readonly AcceptedRequest[] {
    return [...this.#items];
  }

  clear(): void {
    this.#items = [];
  }
}
