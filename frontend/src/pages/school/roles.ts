// The same set as jifen/policy.py (Action.READ_CLASS): the head teacher (a recorder or
// secretary of the class) and the school above it. The server decides.
import type { Role } from "../../graphql/graphql";

export const CLASS_READERS: Role[] = ["RECORDER", "SECRETARY", "SUPERVISOR", "SUPERIOR", "ADMIN"];
