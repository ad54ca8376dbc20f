import Form from '@rjsf/core';
import type { ErrorSchema, RJSFValidationError, UiSchema } from '@rjsf/utils';
import { memo } from 'react';
import type { JsonSchema, Metadata } from '../api/types.js';
import { formButtons } from '../form/form-buttons.js';
import { formValidator } from '../form/form-validator.js';
import { CollapsibleObject } from '../form/CollapsibleObject.js';
import { checkedInDrafts } from '../validation/schema-failures.js';
import '../form/form.css';

const templates = { ButtonTemplates: formButtons, ObjectFieldTemplate: CollapsibleObject };

const withoutRequired = (errors: RJSFValidationError[]) => errors.filter((e) => checkedInDrafts(e.name));

interface DraftFormProps {
  schema: JsonSchema;
  uiSchema: UiSchema;
  formData: Metadata;
  readOnly: boolean;
  serverErrors: ErrorSchema | undefined;
  onChange: (metadata: Metadata) => void;
}

/** The form generated from the draft's schema and its UI options, checked as the user types. */
export const DraftForm = memo(function DraftForm({ schema, uiSchema, formData, readOnly, serverErrors, onChange }: DraftFormProps) {
  return (
    <Form
      className="rjsf"
      schema={schema}
      uiSchema={{ ...uiSchema, 'ui:submitButtonOptions': { norender: true } }}
      formData={formData}
      validator={formValidator}
      templates={templates}
      readonly={readOnly}
      liveValidate="onChange"
      showErrorList={false}
      noHtml5Validate
      transformErrors={withoutRequired}
      extraErrors={serverErrors}
      onChange={(event) => onChange(event.formData as Metadata)}
    />
  );
});
