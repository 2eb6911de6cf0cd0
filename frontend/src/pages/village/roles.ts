// The same sets as jifen/policy.py (the server decides; these choose the menus).
import type { Role } from "../../graphql/graphql";

/** Action.KEEP_SHOP: goods, stock, handing goods over. */
export const SHOP_KEEPERS: Role[] = ["ADMIN", "SECRETARY", "GRID_WORKER"];
/** Action.EXPORT_FORMS: the village's records and ranking. */
export const VILLAGE_STAFF: Role[] = ["ADMIN", "SUPERIOR", "SECRETARY", "RECORDER", "SUPERVISOR", "GRID_WORKER"];
