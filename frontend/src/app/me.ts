// The signed-in user and what their roles let them see. The server decides every
// permission (jifen/policy.py); these sets only choose which menus to show.
import { createContext, useContext } from "react";
import type { MeQuery, Role } from "../graphql/graphql";

export type Me = NonNullable<MeQuery["me"]>;

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe outside a signed-in page");
  return me;
}

// The same sets as jifen/policy.py.
export const REVIEWERS: Role[] = ["SECRETARY", "SUPERVISOR", "SUPERIOR", "ADMIN", "EVALUATOR"];
export const RECORDERS: Role[] = ["RECORDER", "GRID_WORKER", "INSPECTOR", "SECRETARY", "ADMIN"];
export const BOARD_KEEPERS: Role[] = ["SECRETARY", "SUPERIOR", "ADMIN"];
export const ANSWERERS: Role[] = ["SECRETARY", "SUPERVISOR", "SUPERIOR", "ADMIN"];
export const SUPERIORS: Role[] = ["SUPERIOR", "ADMIN"];
export const INSPECTION_READERS: Role[] = ["INSPECTOR", "SUPERVISOR", "SUPERIOR", "ADMIN"];
export const INSPECTORS: Role[] = ["INSPECTOR", "ADMIN"];
export const DASHBOARD_READERS: Role[] = ["SECRETARY", "SUPERVISOR", "SUPERIOR", "INSPECTOR", "ADMIN"];
export const TENANT_ADMINS: Role[] = ["ADMIN"];

export function hasRole(me: Me, roles: readonly Role[] | undefined): boolean {
  if (!roles) return true;
  return me.isSuperuser || me.roles.some((r) => roles.includes(r.role));
}

/** The units where `me` holds one of `roles` (for a form's unit picker), without repeats. */
export function unitsWith(me: Me, roles: readonly Role[]): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const r of me.roles) if (roles.includes(r.role) && !seen.has(r.unit.id)) seen.set(r.unit.id, r.unit.name);
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** A member and nothing else: every subject they see is their own. */
export function isOnlyMember(me: Me): boolean {
  return !me.isSuperuser && me.roles.every((r) => r.role === "MEMBER");
}
