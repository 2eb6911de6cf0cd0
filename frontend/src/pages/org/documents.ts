import { graphql } from "../../graphql";

export const OrgUnitsDocument = graphql(`
  query OrgUnits {
    orgUnits(first: 500) {
      totalCount
      edges {
        node {
          id
          name
          code
          kind
          depth
          childCount
          isScoring
          closedAt
          closedReason
          parentId
        }
      }
    }
  }
`);

export const UnitCreateDocument = graphql(`
  mutation UnitCreate($parent: ID!, $name: String!, $kind: UnitKind!, $code: String, $isScoring: Boolean) {
    unitCreate(parent: $parent, name: $name, kind: $kind, code: $code, isScoring: $isScoring) {
      unit {
        id
        name
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const UnitUpdateDocument = graphql(`
  mutation UnitUpdate($id: ID!, $name: String, $code: String, $kind: UnitKind, $isScoring: Boolean) {
    unitUpdate(id: $id, name: $name, code: $code, kind: $kind, isScoring: $isScoring) {
      unit {
        id
        name
        code
        kind
        isScoring
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const UnitMoveDocument = graphql(`
  mutation UnitMove($id: ID!, $parent: ID!) {
    unitMove(id: $id, parent: $parent) {
      unit {
        id
        parentId
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const UnitCloseDocument = graphql(`
  mutation UnitClose($id: ID!, $reason: String!) {
    unitClose(id: $id, reason: $reason) {
      unit {
        id
        closedAt
        closedReason
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const UnitReopenDocument = graphql(`
  mutation UnitReopen($id: ID!) {
    unitReopen(id: $id) {
      unit {
        id
        closedAt
      }
      errors {
        field
        code
        message
      }
    }
  }
`);
