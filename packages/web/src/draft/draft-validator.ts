import { toPointer, type DocumentValidator, type JsonSchema } from '@capsule/editor';
import { checkedInDrafts, failuresOf } from '../validation/schema-failures.js';

/**
 * The record editor's check of a draft: the form's interpreting validator (the page forbids the
 * editor's default one, which compiles with eval), judging as the form does.
 */
export function draftValidator(schema: JsonSchema): DocumentValidator {
  return {
    validate: async (doc) =>
      failuresOf(schema, doc)
        .filter((failure) => checkedInDrafts(failure.keyword))
        .map((failure) => ({ pointer: toPointer(failure.path), message: failure.message })),
  };
}
