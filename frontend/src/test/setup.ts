// jsdom lacks what antd and CodeMirror measure with; the UI starts in zh-CN like the app.
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import i18n, { setLanguage } from "../app/i18n";

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!window.ResizeObserver) {
  window.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}
// CodeMirror measures text ranges, which jsdom does not lay out.
if (!Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}
const getComputedStyle = window.getComputedStyle;
window.getComputedStyle = (element: Element, pseudo?: string | null) => getComputedStyle(element, pseudo ? undefined : pseudo);

beforeEach(async () => {
  if (i18n.language !== "zh-CN") await setLanguage("zh-CN");
});
afterEach(() => {
  cleanup();
});
