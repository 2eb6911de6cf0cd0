// The organiser's side of check-in: open a meeting, show its code, watch the count, close it.
import { graphql } from "../../graphql";

export const CheckInOpenDocument = graphql(`
  mutation CheckInOpen($unit: ID!, $title: String!, $occurredOn: Date!, $absentItem: String!, $presentItem: String, $minutes: Int) {
    checkInOpen(unit: $unit, title: $title, occurredOn: $occurredOn, absentItem: $absentItem, presentItem: $presentItem, minutes: $minutes) {
      session {
        id
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const CheckInSessionDocument = graphql(`
  query CheckInSession($id: ID!) {
    checkInSession(id: $id) {
      id
      title
      occurredOn
      openedAt
      expiresAt
      closedAt
      link
      unit {
        id
        name
      }
      checkIns {
        at
        subjectName
      }
    }
  }
`);

export const CheckInCloseDocument = graphql(`
  mutation CheckInClose($session: ID!) {
    checkInClose(session: $session) {
      session {
        id
        closedAt
      }
      declarations {
        id
      }
      errors {
        field
        code
        message
      }
    }
  }
`);
