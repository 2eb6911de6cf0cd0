import type { ReactNode } from "react";
import type { FieldError } from "./graphql";

/** Errors of a mutation, or of a request, shown where the user looks (role=alert). */
export function ErrorList({ errors, id }: { errors: (FieldError | string)[]; id?: string }) {
  if (!errors.length) return null;
  return (
    <ul className="errors" role="alert" id={id}>
      {errors.map((e, i) => (
        <li key={i} data-code={typeof e === "string" ? undefined : e.code}>
          {typeof e === "string" ? e : e.message}
        </li>
      ))}
    </ul>
  );
}

export function Loading({ loading, error }: { loading: boolean; error: string | null }) {
  if (error) return <ErrorList errors={[error]} />;
  return loading ? <p className="muted">加载中…</p> : null;
}

export function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="card">
      <header className="card-head">
        <h2>{title}</h2>
        {aside}
      </header>
      {children}
    </section>
  );
}
