import { graphql } from "../../graphql";

export const CloseFieldsFragment = graphql(`
  fragment CloseFields on PeriodClose {
    id
    status
    ruleset
    rulesetVersion
    periodStart
    periodEnd
    closedAt
    filedAt
    reviewedAt
    reviewReason
    unit {
      id
      name
    }
    closedBy {
      username
      displayName
      isSystem
    }
    filedWith {
      name
    }
    reviewedBy {
      username
      displayName
    }
    results {
      subjectName
      category
      total
      grade
      rank
      stars
      vetoed
      flags
      subject {
        id
      }
    }
    decisions(first: 20) {
      id
      key
      grade
      scope
      places
      rank
      status
      reason
      decidedAt
      tied {
        id
        name
      }
      chosen {
        id
        name
      }
      decidedBy {
        username
        displayName
      }
    }
    objections(first: 100) {
      id
      status
      subjectName
      reason
      answer
      answerDue
    }
    timeline {
      action
      at
      note
      actor {
        username
        displayName
        isSystem
      }
    }
  }
`);

export const PeriodCloseDocument = graphql(`
  query PeriodClose($id: ID!) {
    periodClose(id: $id) {
      ...CloseFields
    }
  }
`);

export const CloseDocument = graphql(`
  mutation ClosePeriod($unit: ID!, $periodStart: Date!, $ruleset: String) {
    periodClose(unit: $unit, periodStart: $periodStart, ruleset: $ruleset) {
      closes {
        ...CloseFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const QuotaDecideDocument = graphql(`
  mutation QuotaDecide($decision: ID!, $chosen: [ID!]!, $reason: String!) {
    quotaDecide(decision: $decision, chosen: $chosen, reason: $reason) {
      close {
        ...CloseFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const FileDocument = graphql(`
  mutation FilePeriod($close: ID!) {
    periodFile(close: $close) {
      close {
        ...CloseFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const FilingAcceptDocument = graphql(`
  mutation FilingAccept($close: ID!) {
    filingAccept(close: $close) {
      close {
        ...CloseFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const FilingReturnDocument = graphql(`
  mutation FilingReturn($close: ID!, $reason: String!) {
    filingReturn(close: $close, reason: $reason) {
      close {
        ...CloseFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const RulesetCodesDocument = graphql(`
  query RulesetCodes {
    rulesets {
      code
      title
    }
  }
`);
