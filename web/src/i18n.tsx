// Vietnamese first, English on request. Strings are written in place as tr("vi", "en"), so each
// screen keeps both languages side by side; the choice is kept in localStorage.

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

export type Lang = "vi" | "en";
export type Tr = (vi: string, en: string) => string;

const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: "vi", setLang: () => {} });

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem("hoptac.lang") === "en" ? "en" : "vi"));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem("hoptac.lang", l);
    setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <LangContext.Provider value={{ lang, setLang }}>{children}</LangContext.Provider>;
}

export function useLang() {
  return useContext(LangContext);
}

/** tr("Đăng nhập", "Sign in") in the current language. */
export function useT(): Tr {
  const { lang } = useLang();
  return useCallback((vi: string, en: string) => (lang === "en" ? en : vi), [lang]);
}
