// The route table: path, page, the roles that see it, its menu label. Every top-level path
// segment must be one of CLIENT_ROUTES in platform/jifen/frontend.py (org, subjects,
// declarations, review, boards, results, notifications, rulesets, check-in, market, open, dashboard, admin, village, school), so that a reload on it gets the app from Django.
import { lazy, type ComponentType } from "react";
import {
  ANSWERERS,
  BOARD_KEEPERS,
  DASHBOARD_READERS,
  INSPECTION_READERS,
  INSPECTORS,
  RECORDERS,
  REVIEWERS,
  SUPERIORS,
  TENANT_ADMINS,
  type Me,
} from "./app/me";
import { AuditLog } from "./pages/admin/AuditLog";
import { Imports } from "./pages/admin/Imports";
import { Users } from "./pages/admin/Users";
import type { Role } from "./graphql/graphql";
import { Attendance } from "./pages/attendance/Attendance";
import { Boards } from "./pages/boards/Boards";
import { CheckIn } from "./pages/checkIn/CheckIn";
import { CheckInHost } from "./pages/checkIn/CheckInHost";
import { Business } from "./pages/market/Business";
import { Businesses } from "./pages/market/Businesses";
import { InspectionRecord } from "./pages/market/InspectionRecord";
import { Plan } from "./pages/market/Plan";
import { FoodGrades } from "./pages/publicPages/FoodGrades";
import { PublicBoards } from "./pages/publicPages/PublicBoards";
import { VillageBoard } from "./pages/publicPages/VillageBoard";
import { Countersign } from "./pages/countersign/Countersign";
import { Declare } from "./pages/declare/Declare";
import { Declarations } from "./pages/declarations/Declarations";
import { FilingInbox } from "./pages/filing/FilingInbox";
import { Dashboard } from "./pages/dashboard/Dashboard";
import { Home } from "./pages/home/Home";
import { ItemPage } from "./pages/item/ItemPage";
import { HostReports } from "./pages/hostReports/HostReports";
import { Notifications } from "./pages/notifications/Notifications";
import { Objections } from "./pages/objections/Objections";
import { OrgTree } from "./pages/org/OrgTree";
import { PeriodDetail } from "./pages/periods/PeriodDetail";
import { Periods } from "./pages/periods/Periods";
import { MyPoints } from "./pages/points/MyPoints";
import { Review } from "./pages/review/Review";
import { PasswordSet } from "./pages/signin/PasswordSet";
import { Subjects } from "./pages/subjects/Subjects";
import { ClassPage } from "./pages/school/ClassPage";
import { MyChildren } from "./pages/school/MyChildren";
import { PupilReportPage } from "./pages/school/PupilReport";
import { CLASS_READERS } from "./pages/school/roles";
import { TeacherRoutine } from "./pages/school/TeacherRoutine";
import { HouseholdPage, MyHousehold } from "./pages/village/Household";
import { Households } from "./pages/village/Households";
import { Ranking } from "./pages/village/Ranking";
import { SHOP_KEEPERS, VILLAGE_STAFF } from "./pages/village/roles";
import { Shop } from "./pages/village/Shop";

// The ruleset editor (CodeMirror) loads when an administrator opens it, not on a member's phone.
const Rulesets = lazy(() => import("./pages/rulesets/Rulesets").then((m) => ({ default: m.Rulesets })));
const RulesetEditor = lazy(() => import("./pages/rulesets/RulesetEditor").then((m) => ({ default: m.RulesetEditor })));

export type RouteDef = {
  path: string;
  page: ComponentType;
  /** Who sees it in the menu (everyone signed in when absent). */
  roles?: Role[];
  /** Locale key of its menu entry and title; no entry for detail pages. */
  menu?: string;
  group?: "member" | "committee" | "secretary" | "superior" | "organisation";
  /** A further condition on the menu entry (the unit kinds a role is held at, a parent). */
  show?: (me: Me) => boolean;
};

/** Whether `me` holds one of `roles` at a unit of one of `kinds` (or is the platform's superuser). */
function heldAt(roles: Role[], kinds: string[]): (me: Me) => boolean {
  return (me) => me.isSuperuser || me.roles.some((r) => roles.includes(r.role) && kinds.includes(r.unit.kind));
}
const VILLAGE_UNITS = ["TOWNSHIP", "VILLAGE", "GRID"];

export const ROUTES: RouteDef[] = [
  { path: "/", page: Home, menu: "nav.home" },
  { path: "/notifications", page: Notifications, menu: "nav.notifications" },
  { path: "/check-in", page: CheckIn },
  { path: "/subjects/mine", page: MyPoints, menu: "nav.myPoints", group: "member" },
  { path: "/declarations/new", page: Declare, menu: "nav.declare", group: "member" },
  { path: "/declarations", page: Declarations, menu: "nav.declarations", group: "member" },
  { path: "/declarations/:id", page: ItemPage },
  { path: "/boards", page: Boards, menu: "nav.boards", group: "member" },
  { path: "/boards/objections", page: Objections, menu: "nav.objections", group: "member" },
  { path: "/boards/objections/:id", page: ItemPage },
  { path: "/boards/:id", page: ItemPage },
  { path: "/review", page: Review, roles: REVIEWERS, menu: "nav.review", group: "committee" },
  { path: "/review/attendance", page: Attendance, roles: RECORDERS, menu: "nav.attendance", group: "committee" },
  { path: "/results", page: Periods, roles: BOARD_KEEPERS, menu: "nav.periods", group: "secretary" },
  { path: "/results/close/:id", page: PeriodDetail },
  { path: "/results/filing", page: FilingInbox, roles: SUPERIORS, menu: "nav.filing", group: "superior" },
  { path: "/review/countersign", page: Countersign, roles: SUPERIORS, menu: "nav.countersign", group: "superior" },
  { path: "/results/host-reports", page: HostReports, roles: ANSWERERS, menu: "nav.hostReports", group: "superior" },
  { path: "/results/host-reports/:id", page: ItemPage },
  { path: "/org", page: OrgTree, menu: "nav.org", group: "organisation" },
  { path: "/subjects", page: Subjects, menu: "nav.subjects", group: "organisation" },
  { path: "/subjects/:id", page: MyPoints },
  { path: "/rulesets", page: Rulesets, roles: ["ADMIN"], menu: "nav.rulesets", group: "organisation" },
  { path: "/rulesets/:code", page: RulesetEditor },
  // market bureau and check-in
  { path: "/market", page: Businesses, roles: INSPECTION_READERS, menu: "market.nav.businesses" },
  { path: "/market/plan", page: Plan, roles: INSPECTION_READERS, menu: "market.nav.plan" },
  { path: "/market/businesses/:id", page: Business },
  { path: "/market/businesses/:id/inspect", page: InspectionRecord, roles: INSPECTORS },
  { path: "/check-in/host", page: CheckInHost, roles: RECORDERS, menu: "market.nav.checkIn" },
  { path: "/check-in/host/:id", page: CheckInHost, roles: RECORDERS },
  // Dashboards, administration, notifications
  { path: "/dashboard", page: Dashboard, roles: DASHBOARD_READERS, menu: "dash.nav.dashboard", group: "superior" },
  { path: "/dashboard/:unit", page: Dashboard },
  { path: "/admin/imports", page: Imports, roles: TENANT_ADMINS, menu: "dash.nav.imports", group: "organisation" },
  { path: "/admin/imports/:id", page: Imports },
  { path: "/admin/users", page: Users, roles: TENANT_ADMINS, menu: "users.nav", group: "organisation" },
  { path: "/admin/audit", page: AuditLog, roles: TENANT_ADMINS, menu: "dash.nav.audit", group: "organisation" },
  // village and school: households, passbook, points shop; class, parents, teaching office
  { path: "/village/mine", page: MyHousehold, menu: "village.nav.mine", show: (me) => Boolean(me.householdId) },
  { path: "/village", page: Households, roles: VILLAGE_STAFF, menu: "village.nav.households", show: heldAt(VILLAGE_STAFF, VILLAGE_UNITS) },
  { path: "/village/households/:id", page: HouseholdPage },
  { path: "/village/shop", page: Shop, roles: SHOP_KEEPERS, menu: "village.nav.shop", show: heldAt(SHOP_KEEPERS, VILLAGE_UNITS) },
  { path: "/village/ranking", page: Ranking, roles: VILLAGE_STAFF, menu: "village.nav.ranking", show: heldAt(VILLAGE_STAFF, VILLAGE_UNITS) },
  { path: "/school/children", page: MyChildren, menu: "school.nav.children", show: (me) => me.childCount > 0 },
  { path: "/school", page: ClassPage, roles: CLASS_READERS, menu: "school.nav.class", show: heldAt(CLASS_READERS, ["SCHOOL", "GRADE", "CLASS"]) },
  { path: "/school/pupils/:id", page: PupilReportPage },
  { path: "/school/teachers", page: TeacherRoutine, roles: CLASS_READERS, menu: "school.nav.teachers", show: heldAt(CLASS_READERS, ["SCHOOL", "GRADE"]) },
];

/** No-login pages (public projections only), the same for anyone signed in or not. */
export const PUBLIC_ROUTES: { path: string; page: ComponentType }[] = [
  // public pages
  { path: "/open/food-grades", page: FoodGrades },
  { path: "/open/boards", page: PublicBoards },
  { path: "/open/village-board", page: VillageBoard },
  // the one-time link of an invitation or a password reset
  { path: "/open/password", page: PasswordSet },
];
