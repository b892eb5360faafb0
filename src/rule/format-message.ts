/** Fills `{{ name }}` placeholders the way ESLint does: unknown names are left as written. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/gu, (whole, key: string) =>
    Object.hasOwn(data, key) ? String(data[key]) : whole,
  );
}
