import { Alert } from "antd";
import type { FieldError } from "../lib/errors";

/** A form's errors that have no field of their own, above its submit button. */
export function FormErrors({ errors, id }: { errors: readonly (FieldError | string)[]; id?: string }) {
  if (!errors.length) return null;
  return (
    <Alert
      id={id}
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={
        errors.length === 1 ? (
          message(errors[0])
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 16 }}>
            {errors.map((e, i) => (
              <li key={i} data-code={typeof e === "string" ? undefined : e.code}>{message(e)}</li>
            ))}
          </ul>
        )
      }
      data-code={errors.length === 1 && typeof errors[0] !== "string" ? errors[0].code : undefined}
    />
  );
}

function message(e: FieldError | string): string {
  return typeof e === "string" ? e : e.message;
}
