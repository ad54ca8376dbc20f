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
