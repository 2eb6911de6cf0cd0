// react-i18next with zh-CN the default and en-US complete (locales/*/app.json hold the same
// keys: locales.test.ts checks). The choice is kept in localStorage and sent to the API as
// Accept-Language; antd and dayjs follow it (app/Providers.tsx).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import dayjs from "dayjs";
import localizedFormat from "dayjs/plugin/localizedFormat";
import "dayjs/locale/zh-cn";
import "dayjs/locale/en";
import enUS from "../locales/en-US/app.json";
import zhCN from "../locales/zh-CN/app.json";

dayjs.extend(localizedFormat);

export const LANGUAGES = ["zh-CN", "en-US"] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = "jifen.language";

export function storedLanguage(): Language {
  const stored = typeof localStorage !== "undefined" ? localStorage.getItem(KEY) : null;
  return (LANGUAGES as readonly string[]).includes(stored ?? "") ? (stored as Language) : "zh-CN";
}

export function dayjsLocale(language: string): string {
  return language.startsWith("en") ? "en" : "zh-cn";
}

export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(KEY, language);
  dayjs.locale(dayjsLocale(language));
  document.documentElement.lang = language;
  await i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zhCN }, "en-US": { translation: enUS } },
  lng: storedLanguage(),
  fallbackLng: "zh-CN",
  interpolation: { escapeValue: false },
  returnNull: false,
});
dayjs.locale(dayjsLocale(i18n.language));

export default i18n;
