/** Whether a string is a well-formed identifier of one scheme. */
export type FormatValidator = (value: string) => boolean;
