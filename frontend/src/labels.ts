// Chinese names of the API's codes and enum values.

export const ROLE: Record<string, string> = {
  MEMBER: "党员/成员",
  RECORDER: "记分员",
  SUPERVISOR: "监督员",
  SECRETARY: "支部书记",
  SUPERIOR: "上级党组织",
  GRID_WORKER: "网格员",
  INSPECTOR: "监管人员",
  EVALUATOR: "评议小组成员",
  ADMIN: "租户管理员",
};

/** Roles that may take the preliminary review (jifen/policy.py REVIEWERS). */
export const REVIEWER_ROLES = ["SECRETARY", "SUPERVISOR", "SUPERIOR", "ADMIN", "EVALUATOR"];

export const UNIT_KIND: Record<string, string> = {
  COUNTY: "县/区",
  TOWNSHIP: "乡镇/街道",
  COMMITTEE: "党(工)委",
  GENERAL_BRANCH: "党总支",
  BRANCH: "党支部",
  GROUP: "党小组",
  ENTERPRISE: "企业",
  DEPARTMENT: "部门",
  SCHOOL: "学校",
  GRADE: "年级",
  CLASS: "班级",
  VILLAGE: "村/社区",
  GRID: "网格",
  BUREAU: "市场监管局",
  STATION: "监管所",
  OTHER: "其他",
};

export const SUBJECT_KIND: Record<string, string> = {
  PERSON: "个人",
  HOUSEHOLD: "农户",
  BUSINESS: "经营主体",
  UNIT: "组织",
};

export const DECLARATION_STATUS: Record<string, string> = {
  SUBMITTED: "已申报",
  ACCEPTED: "初审通过",
  REJECTED: "初审驳回",
  PUBLICISED: "公示中",
  CONFIRMED: "已确认",
  WITHDRAWN: "已撤销",
};

export const DECLARATION_KIND: Record<string, string> = {
  SELF: "自主申报",
  REPORT: "他人举报",
  RECORD: "代为记录",
};

export const BOARD_STATUS: Record<string, string> = { OPEN: "公示中", CLOSED: "公示结束" };
export const BOARD_KIND: Record<string, string> = { ENTRIES: "积分公示", RESULTS: "结果公示" };

export const OBJECTION_STATUS: Record<string, string> = {
  OPEN: "待答复",
  ANSWERED: "已答复",
  ESCALATED: "已提交上级",
  RESOLVED: "已办结",
};

export const GRADE: Record<string, string> = {
  excellent: "优秀",
  qualified: "合格",
  basic_qualified: "基本合格",
  unqualified: "不合格",
};

export const CATEGORY: Record<string, string> = {
  full: "正式党员",
  probationary: "预备党员",
  floating: "流动党员",
  exempt: "免于评议",
  member: "党员",
  teacher: "教师",
  pupil: "学生",
  officer: "班干部",
  villager: "村民",
  household: "农户",
  shop: "经营店",
  stall: "小摊点",
};

export function label(table: Record<string, string>, code: string | null | undefined): string {
  if (!code) return "";
  return table[code] ?? code;
}
