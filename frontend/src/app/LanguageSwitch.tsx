import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { LANGUAGES, setLanguage, type Language } from "./i18n";

const NAMES: Record<Language, string> = { "zh-CN": "中文", "en-US": "EN" };

/** 中文 / EN: the UI, antd, dates and the API's refusals follow it. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t("language.label")}
      value={(LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : "zh-CN"}
      options={LANGUAGES.map((l) => ({ value: l, label: <span lang={l}>{NAMES[l]}</span> }))}
      onChange={(l) => void setLanguage(l)}
    />
  );
}
