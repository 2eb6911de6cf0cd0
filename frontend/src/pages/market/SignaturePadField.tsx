// The representative signs on the phone's screen (signature_pad); the drawing becomes a PNG
// uploaded as evidence with the inspection.
import { Button, Flex } from "antd";
import SignaturePad from "signature_pad";
import { useEffect, useRef, type RefObject } from "react";
import { useTranslation } from "react-i18next";

export type SignatureHandle = RefObject<SignaturePad | null>;

export function SignaturePadField({ padRef, onChange, label }: { padRef: SignatureHandle; onChange: (empty: boolean) => void; label: string }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element || typeof element.getContext !== "function" || !element.getContext("2d")) return;
    // Draw at the device's pixel ratio so the signature is sharp on a phone.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    element.width = element.offsetWidth * ratio;
    element.height = element.offsetHeight * ratio;
    element.getContext("2d")?.scale(ratio, ratio);
    const pad = new SignaturePad(element, { backgroundColor: "rgb(255,255,255)" });
    pad.addEventListener("endStroke", () => onChange(pad.isEmpty()));
    padRef.current = pad;
    return () => {
      pad.off();
      padRef.current = null;
    };
  }, [padRef, onChange]);
  return (
    <Flex vertical gap={8}>
      <canvas ref={canvas} className="signature-pad" aria-label={label} role="img" />
      <Button
        size="small"
        style={{ alignSelf: "flex-start" }}
        onClick={() => {
          padRef.current?.clear();
          onChange(true);
        }}
      >
        {t("market.inspect.clearSignature")}
      </Button>
    </Flex>
  );
}

/** The pad's drawing as a PNG file to upload. */
export async function signatureFile(pad: SignaturePad): Promise<File> {
  const blob = await (await fetch(pad.toDataURL("image/png"))).blob();
  return new File([blob], "signature.png", { type: "image/png" });
}
