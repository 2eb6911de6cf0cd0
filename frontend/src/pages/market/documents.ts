// The market bureau's GraphQL documents: each screen asks for exactly what it shows.
import { graphql } from "../../graphql";

export const RiskGradesDocument = graphql(`
  query RiskGrades($unit: ID!, $grade: String, $overdue: Boolean, $name: String, $offset: Int, $first: Int) {
    riskGrades(unit: $unit, grade: $grade, overdue: $overdue, name: $name, offset: $offset, first: $first) {
      total
      rows {
        subject
        name
        station
        category
        grade
        total
        lastInspectedOn
        overdue
      }
    }
  }
`);

export const GradeDistributionDocument = graphql(`
  query GradeDistribution($unit: ID!, $year: Int) {
    riskGradeDistribution(unit: $unit, year: $year) {
      month
      counts {
        grade
        count
      }
    }
  }
`);

export const StationsDocument = graphql(`
  query Stations($under: ID) {
    orgUnits(under: $under, maxDepth: 2, first: 200) {
      edges {
        node {
          id
          name
          kind
        }
      }
    }
  }
`);

export const BusinessDocument = graphql(`
  query Business($subject: ID!) {
    riskGrade(subject: $subject) {
      subject
      name
      grade
      total
      periodStart
      flags
      lastInspectedOn
      history {
        changedAt
        fromGrade
        toGrade
        total
        reason
        flags
      }
      inspections {
        id
        inspectedOn
        inspector {
          displayName
        }
        findings
        photos
        signature
        signatureRefused
        dynamicTotal
        checklist {
          code
          title
          result
          points
        }
      }
      licenceAssessment {
        assessedOn
        businessType
        total
        lines {
          code
          title
          group
          value
          points
        }
      }
      appeals {
        id
        contestedGrade
        requestedGrade
        reason
        raisedAt
        answerDue
        status
        answer
        newGrade
      }
      plannedInspections {
        seq
        dueOn
        done
        overdue
        inspector {
          displayName
        }
      }
    }
  }
`);

export const ChecklistDocument = graphql(`
  query Checklist($subject: ID!) {
    riskGrade(subject: $subject) {
      subject
      name
      grade
    }
    riskGradingTables(subject: $subject) {
      source
      dynamicChecklist {
        code
        title
        group
        points
      }
    }
  }
`);

export const InspectionRecordDocument = graphql(`
  mutation InspectionRecord(
    $key: String!
    $subject: ID!
    $inspectedOn: Date!
    $results: [ChecklistAnswerInput!]!
    $findings: String
    $photos: [ID!]
    $signature: ID
    $signatureRefused: String
  ) {
    inspectionRecord(
      key: $key
      subject: $subject
      inspectedOn: $inspectedOn
      results: $results
      findings: $findings
      photos: $photos
      signature: $signature
      signatureRefused: $signatureRefused
    ) {
      inspection {
        id
        dynamicTotal
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const GradeAppealRaiseDocument = graphql(`
  mutation GradeAppealRaise($subject: ID!, $reason: String!, $requestedGrade: String) {
    gradeAppealRaise(subject: $subject, reason: $reason, requestedGrade: $requestedGrade) {
      appeal {
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

export const InspectionPlanDocument = graphql(`
  query InspectionPlan($unit: ID!, $start: Date!, $end: Date!, $inspector: String) {
    inspectionPlan(unit: $unit, start: $start, end: $end, inspector: $inspector) {
      subject
      name
      grade
      seq
      dueOn
      done
      overdue
      station
      inspector {
        username
        displayName
      }
    }
  }
`);

export const ExportRequestDocument = graphql(`
  mutation BusinessExport($subject: ID!) {
    exportRequest(form: BUSINESS_HISTORY, subject: $subject) {
      job {
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

export const ExportJobDocument = graphql(`
  query BusinessExportJob($id: ID!) {
    exportJob(id: $id) {
      id
      status
      rows
      rowsWritten
      downloadUrl
      failure
    }
  }
`);
