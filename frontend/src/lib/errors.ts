// What went wrong, in the user's language: a failed request as a whole, or a mutation's
// typed errors (`errors { field code message }`), whose messages the server already wrote
// in the language the app asked for (Accept-Language).
import type { CombinedError } from "urql";
import type { TFunction } from "i18next";

/** A typed error of a mutation payload. */
export type FieldError = { field?: string | null; code: string; message: string };

/** The request failed as a whole: network, HTTP status, or GraphQL `errors`. */
export function requestErrorText(error: CombinedError | Error, t: TFunction): string {
  const combined = error as CombinedError;
  if (combined.graphQLErrors?.length) return combined.graphQLErrors.map((e) => e.message).join("；");
  if (combined.networkError || combined.response) {
    const status = (combined.response as Response | undefined)?.status;
    if (status === 401) return t("errors.signedOut");
    if (status) return t("errors.status", { status });
    return t("errors.network");
  }
  return error.message || t("errors.network");
}

/** Field errors by field (null: the whole input), for showing each next to its input. */
export function errorsByField(errors: readonly FieldError[]): Map<string | null, FieldError[]> {
  const grouped = new Map<string | null, FieldError[]>();
  for (const error of errors) {
    const key = error.field ?? null;
    grouped.set(key, [...(grouped.get(key) ?? []), error]);
  }
  return grouped;
}

/**
 * Split typed errors into those of the form's own fields (antd `setFields` entries) and the
 * rest, shown above the submit button. `fields` maps an API field (`attributes.points`) to the
 * form's field name; a field that starts with a mapped one (`attributes.points.x`) is its.
 */
export function splitErrors(
  errors: readonly FieldError[],
  fields: Record<string, string>,
): { own: { name: string; errors: string[] }[]; general: FieldError[] } {
  const own = new Map<string, string[]>();
  const general: FieldError[] = [];
  for (const error of errors) {
    const api = error.field ?? "";
    const match = Object.keys(fields).find((f) => api === f || api.startsWith(`${f}.`));
    if (match) own.set(fields[match], [...(own.get(fields[match]) ?? []), error.message]);
    else general.push(error);
  }
  return { own: [...own].map(([name, messages]) => ({ name, errors: messages })), general };
}

/** A form that can show errors at its fields (antd's FormInstance, of any values). */
type FieldsForm = { setFields: (fields: never[]) => void };

/** Show each typed error at its form field; return the rest for the form's general list. */
export function applyErrors(form: FieldsForm, errors: readonly FieldError[], fields: Record<string, string>): FieldError[] {
  const { own, general } = splitErrors(errors, fields);
  (form.setFields as (f: { name: string[]; errors: string[] }[]) => void)(own.map((o) => ({ name: o.name.split("."), errors: o.errors })));
  return general;
}
