import { createContext, useContext } from "react";
import { REVIEWER_ROLES } from "./labels";

export type Me = {
  username: string;
  displayName: string;
  tenant: string;
  isSuperuser: boolean;
  roles: { role: string; unit: { id: string; name: string; kind: string } }[];
};

export const ME_QUERY = `query Me { me { username displayName tenant isSuperuser
  roles { role unit { id name kind } } } }`;

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe outside a signed-in page");
  return me;
}

export function isReviewer(me: Me): boolean {
  return me.isSuperuser || me.roles.some((r) => REVIEWER_ROLES.includes(r.role));
}
