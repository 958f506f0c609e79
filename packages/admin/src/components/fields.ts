/** The field components of forms and filters, imported together. */
export { default as CheckGroupField } from './CheckGroupField.vue';
export { default as FormField } from './FormField.vue';
export { default as ListField } from './ListField.vue';
export { default as NumberField } from './NumberField.vue';
export { default as SectorsField } from './SectorsField.vue';
export { default as SelectField } from './SelectField.vue';
export { default as TextField } from './TextField.vue';
export { default as TextGroupField } from './TextGroupField.vue';
