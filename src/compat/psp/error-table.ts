/**
 * Seed 001's error codes and the HTTP status each is answered with. The seed defines one code
 * (2001, no appkey, HTTP 500); the others continue its numbering, grouped by tens, and take their
 * status from the seed's HTTP table (400 bad or unsupported parameter, 401 unauthorised, 404 no such
 * resource, 500 internal). docs/compat/001-psp.md lists exactly these (checked by error-table-doc.test.ts).
 */
export const PSP_ERRORS = {
  // The seed fixes 2001 at HTTP 500; kept so a client written against the seed sees what it expects.
  2001: { status: 500, message: 'the request has no appkey header' },
  2002: { status: 401, message: 'the request has no timestamp header' },
  2003: { status: 401, message: 'the request has no validation_token header' },
  2004: { status: 401, message: 'timestamp is not epoch milliseconds within the allowed window' },
  2005: { status: 401, message: 'appkey names no app' },
  2006: {
    status: 401,
    message: 'validation_token does not match md5(appkey + app_master_secret + timestamp)',
  },

  2010: { status: 400, message: 'the body is not a JSON object sent as application/json' },
  2011: { status: 400, message: 'no such address: POST /psp/push/msg or /psp/push/config' },
  2012: { status: 400, message: 'unsupported parameter' },
  2013: { status: 400, message: 'type must be unicast or groupcast' },
  2014: {
    status: 400,
    message: 'device_tokens must name exactly one device for unicast, and only for unicast',
  },
  2015: {
    status: 400,
    message: 'groupcast needs user_ids or org_ids (one of them, only for groupcast)',
  },
  2016: { status: 400, message: 'payload is missing or not an object' },
  2017: { status: 400, message: 'payload.display_type must be notification or message' },
  2018: { status: 400, message: 'payload.body is missing or has the wrong type' },
  2019: { status: 400, message: 'payload.body.title is required for a notification' },
  2020: { status: 400, message: 'payload.body.custom is required for a message' },
  2021: { status: 400, message: 'payload.production_mode must be "true" or "false"' },
  2022: { status: 400, message: 'payload.description and payload.tag must be strings' },
  2023: { status: 400, message: 'payload is larger than the target platform allows' },
  2024: { status: 400, message: 'a parameter is out of range' },

  2030: { status: 404, message: 'device_tokens names no device of this app' },
  2031: { status: 404, message: 'org_ids names no organisation of this app' },

  2090: { status: 500, message: 'internal error; it was logged' },
  2091: { status: 500, message: 'the server is starting or shutting down; retry' },
} as const satisfies Record<number, { status: number; message: string }>;

export type PspErrorCode = keyof typeof PSP_ERRORS;

/** A refusal in seed 001's terms: one of its codes and a message saying what exactly was wrong. */
export class PspError extends Error {
  readonly code: PspErrorCode;

  constructor(code: PspErrorCode, message?: string) {
    super(message ?? PSP_ERRORS[code].message);
    this.name = 'PspError';
    this.code = code;
  }

  get status(): number {
    return PSP_ERRORS[this.code].status;
  }
}
