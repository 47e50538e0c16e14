// Who is signed in, and what they may do. The server decides every access; the UI only hides
// what would be refused (a viewer sees no edit buttons).

import { createContext, useContext } from "react";
import type { User } from "./api/types";

export interface SessionState {
  user: User | null;
  setUser: (u: User | null) => void;
}

export const SessionContext = createContext<SessionState>({ user: null, setUser: () => {} });

export function useSession() {
  return useContext(SessionContext);
}

export function canWrite(user: User | null, orgCode?: string): boolean {
  if (!user) return false;
  if (user.role === "admin" || user.role === "officer") return true;
  return user.role === "manager" && orgCode !== undefined && user.scope_org === orgCode;
}

export function canEditRegistry(user: User | null): boolean {
  return !!user && (user.role === "admin" || user.role === "officer");
}

export function isAdmin(user: User | null): boolean {
  return user?.role === "admin";
}
