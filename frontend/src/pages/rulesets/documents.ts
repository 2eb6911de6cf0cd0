// The ruleset editor's GraphQL documents.
import { graphql } from "../../graphql";

export const RulesetListDocument = graphql(`
  query RulesetList {
    templates
    rulesets {
      code
      title
      forkedFrom
      draft {
        number
      }
      versions {
        number
        label
        status
        effectiveFrom
      }
      assignments {
        unitName
        subjectKind
        effectiveFrom
        effectiveUntil
      }
    }
  }
`);

export const RulesetDetailDocument = graphql(`
  query RulesetDetail($code: String!) {
    ruleset(code: $code) {
      code
      title
      forkedFrom
      draft {
        number
        label
        text
      }
      versions {
        number
        label
        status
        effectiveFrom
        publishedAt
        text
      }
      assignments {
        unitName
        unitId
        subjectKind
        effectiveFrom
        effectiveUntil
      }
    }
  }
`);

export const RulesetForkDocument = graphql(`
  mutation RulesetFork($template: String!, $code: String!, $title: String) {
    rulesetFork(template: $template, code: $code, title: $title) {
      ruleset {
        code
      }
      errors {
        field
        code
        message
        line
      }
    }
  }
`);

export const RulesetDraftSaveDocument = graphql(`
  mutation RulesetDraftSave($code: String!, $text: String!) {
    rulesetDraftSave(code: $code, text: $text) {
      version {
        number
        label
        text
      }
      errors {
        field
        code
        message
        line
        path
        hint
      }
    }
  }
`);

export const RulesetPreviewDocument = graphql(`
  mutation RulesetPreview($code: String!, $effectiveFrom: Date!) {
    rulesetRetroactivePreview(code: $code, effectiveFrom: $effectiveFrom) {
      reevaluated {
        eventKey
        subject
        item
        occurredOn
        pointsBefore
        pointsAfter
      }
      confirmedEntries
      errors {
        field
        code
        message
      }
    }
  }
`);

export const RulesetPublishDocument = graphql(`
  mutation RulesetPublish($code: String!, $effectiveFrom: Date!, $retroactive: Boolean, $confirmedEntries: [ID!]) {
    rulesetPublish(code: $code, effectiveFrom: $effectiveFrom, retroactive: $retroactive, confirmedEntries: $confirmedEntries) {
      version {
        number
        label
        effectiveFrom
      }
      reevaluated {
        eventKey
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const RulesetAssignDocument = graphql(`
  mutation RulesetAssign($unit: ID!, $code: String!, $subjectKind: SubjectKind, $effectiveFrom: Date, $effectiveUntil: Date) {
    rulesetAssign(unit: $unit, code: $code, subjectKind: $subjectKind, effectiveFrom: $effectiveFrom, effectiveUntil: $effectiveUntil) {
      ruleset {
        code
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const WhatIfRequestDocument = graphql(`
  mutation WhatIfRequest($code: String!, $unit: ID!, $periodStart: Date) {
    rulesetWhatIf(code: $code, unit: $unit, periodStart: $periodStart) {
      whatIf {
        id
        status
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const WhatIfDocument = graphql(`
  query WhatIf($id: ID!) {
    whatIf(id: $id) {
      id
      status
      ruleset
      versionLabel
      unitName
      periodStart
      periodEnd
      eventsTotal
      eventsDone
      comparedWith
      oldFromClose
      gradeChanges
      failure
      skipped {
        item
        message
        count
      }
      rows {
        subjectName
        gradeChanged
        tie
        old {
          total
          grade
          rank
        }
        new {
          total
          grade
          rank
        }
        items {
          item
          old
          new
        }
      }
    }
  }
`);

export const UnitChoicesDocument = graphql(`
  query UnitChoices($search: String, $first: Int) {
    orgUnits(search: $search, first: $first) {
      totalCount
      edges {
        node {
          id
          name
          depth
        }
      }
    }
  }
`);
