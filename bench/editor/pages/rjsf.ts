import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { benchFormats } from '../generate.js';
import type { BenchAdapter } from './adapter.js';

let root: Root | null = null;
let value: unknown;
const validator = customizeValidator({ customFormats: benchFormats });

export const adapter: BenchAdapter = {
  async mount(element, json, schema) {
    value = json;
    root = createRoot(element);
    flushSync(() => root?.render(createElement(Form, { schema: schema as RJSFSchema, formData: json, validator, onChange: (event: { formData?: unknown }) => (value = event.formData) })));
  },
  getValue: () => value,
  unmount() {
    root?.unmount();
    root = null;
  },
  async focusField(path) {
    const input = document.getElementById(['root', ...path].join('_')) as HTMLInputElement;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  },
  async moveUp(index) {
    (document.getElementById(`root_items_${index}__moveUp`) as HTMLButtonElement).click();
  },
};
