/** Turns an ajv error (fastify's `error.validation`) into a message naming the field, for status 600. */
export interface AjvErrorLike {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

export function validationMessage(errors: readonly AjvErrorLike[], context: string): string {
  const e = errors[0];
  if (!e) return `${context}: invalid`;
  const path = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required') return `${String(e.params?.missingProperty)}: required field is missing`;
  const field = path || context;
  switch (e.keyword) {
    case 'type':
      return `${field}: must be ${String(e.params?.type).replace(',', ' or ')}`;
    case 'pattern':
      return field.toLowerCase().includes('time') ? `${field}: must be a time as YYYY-MM-DD HH:mm:ss` : `${field}: has characters that are not allowed`;
    default:
      return `${field}: ${e.message ?? 'is invalid'}`;
  }
}
