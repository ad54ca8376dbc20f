import { canExpand, getTemplate, getUiOptions, type ObjectFieldTemplateProps } from '@rjsf/utils';

/**
 * Objects as collapsible sections (open at first), so a long analysis can be folded to what one
 * is working on; the top level stays a plain fieldset.
 */
export function CollapsibleObject(props: ObjectFieldTemplateProps) {
  const { description, disabled, formData, fieldPathId, onAddProperty, properties, readonly, registry, schema, title, uiSchema } = props;
  const DescriptionFieldTemplate = getTemplate('DescriptionFieldTemplate', registry, getUiOptions(uiSchema));
  const { AddButton } = registry.templates.ButtonTemplates;
  const isRoot = fieldPathId.$id === registry.globalFormOptions.idPrefix;
  // The top level allows only `_`-prefixed extras, which the server drops: nothing to offer there.
  const expandable = !isRoot && canExpand(schema, uiSchema, formData);
  const body = (
    <>
      {description && <DescriptionFieldTemplate id={`${fieldPathId.$id}__description`} description={description} schema={schema} uiSchema={uiSchema} registry={registry} />}
      {properties.map((p) => p.content)}
      {expandable && <AddButton id={`${fieldPathId.$id}__add`} onClick={onAddProperty} disabled={disabled || readonly} uiSchema={uiSchema} registry={registry} />}
    </>
  );
  if (isRoot || !title) {
    return <fieldset id={fieldPathId.$id}>{body}</fieldset>;
  }
  return (
    <details className="form-section" id={fieldPathId.$id} open>
      <summary>{title}</summary>
      {body}
    </details>
  );
}
