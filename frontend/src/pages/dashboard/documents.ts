import { graphql } from "../../graphql";

export const DashboardDocument = graphql(`
  query Dashboard($unit: ID!) {
    dashboard(unit: $unit) {
      unit
      unitName
      unitKind
      hasChildren
      trail {
        id
        name
      }
      asOf
      computedAt
      subjects
      events
      objectionsOpen
      escalated
      pointsCounted
      grades {
        code
        count
      }
      buckets {
        code
        points
      }
      categories {
        code
        points
      }
      months {
        month
        declared
        reviewed
      }
      late {
        reviews {
          ...LateList
        }
        boards {
          ...LateList
        }
        filing {
          ...LateList
        }
        declarations {
          ...LateList
        }
      }
      fairness {
        branchesTotal
        branches {
          ...Spread
        }
        categories {
          ...Spread
        }
        recorders {
          username
          name
          deductions
          subjects
          topSubject
          topName
          topShare
          outlier
        }
      }
      members {
        subject
        name
        total
      }
      membersTotal
    }
  }

  fragment LateList on LateList {
    total
    units {
      unit
      name
      count
      since
    }
  }

  fragment Spread on ScoreSpread {
    key
    name
    n
    min
    q1
    median
    q3
    max
    identical
  }
`);

export const DashboardChildrenDocument = graphql(`
  query DashboardChildren($unit: ID!, $search: String, $offset: Int, $first: Int) {
    dashboardChildren(unit: $unit, search: $search, offset: $offset, first: $first) {
      totalCount
      items {
        unit
        unitName
        unitKind
        hasChildren
        subjects
        events
        objectionsOpen
        escalated
        pointsCounted
      }
    }
  }
`);
