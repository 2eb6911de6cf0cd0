// Files behind the session (evidence photos, printable forms): fetched with the session
// cookie and shown from an object URL, so that a refusal shows as a message, not a page.
import { useEffect, useState } from "react";
import { sessionInit } from "./auth";

export async function fetchAuthed(url: string): Promise<Blob | null> {
  const response = await fetch(url, sessionInit()).catch(() => null);
  return response?.ok ? response.blob() : null;
}

/** An object URL of `url`'s file, revoked when the component goes; null while loading or when refused. */
export function useAuthedUrl(url: string | null | undefined): { src: string | null; failed: boolean } {
  const [state, setState] = useState<{ src: string | null; failed: boolean }>({ src: null, failed: false });
  useEffect(() => {
    if (!url) return;
    let made: string | null = null;
    let live = true;
    void fetchAuthed(url).then((blob) => {
      if (!live) return;
      if (!blob) return setState({ src: null, failed: true });
      made = URL.createObjectURL(blob);
      setState({ src: made, failed: false });
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [url]);
  return url ? state : { src: null, failed: false };
}

/** Open a printable form (HTML) in a new tab; false when the server refused it. */
export async function openAuthed(url: string): Promise<boolean> {
  const blob = await fetchAuthed(url);
  if (!blob) return false;
  const made = URL.createObjectURL(blob);
  window.open(made, "_blank", "noopener");
  setTimeout(() => URL.revokeObjectURL(made), 60_000);
  return true;
}
