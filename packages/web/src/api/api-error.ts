/** One failing field as the server reports it: a path into the metadata and a message. */
export interface FieldError {
  field: (string | number)[];
  message: string;
}

/** A non-2xx answer, in the CAP error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** The error a non-2xx answer carries: its CAP body's message and field errors, else the status text. */
export function apiErrorOf(status: number, statusText: string, bodyText: string): ApiError {
  let body: { message?: string; errors?: FieldError[] } = {};
  try {
    body = (JSON.parse(bodyText) as typeof body | null) ?? {};
  } catch {
    // not JSON (a proxy's page, say): the status text is all there is
  }
  return new ApiError(status, body.message ?? statusText, body.errors ?? []);
}
