import { graphql } from "../../graphql";

export const ImportJobsDocument = graphql(`
  query ImportJobs($first: Int, $offset: Int) {
    importJobs(first: $first, offset: $offset) {
      totalCount
      edges {
        node {
          id
          fileName
          kind
          status
          createdAt
          createdBy {
            displayName
            username
          }
          counts {
            rows
            error
          }
        }
      }
    }
  }
`);

export const ImportJobDocument = graphql(`
  query ImportJob($id: ID!, $onlyErrors: Boolean, $offset: Int) {
    importJob(id: $id) {
      id
      fileName
      kind
      status
      createdAt
      checkedAt
      appliedAt
      failure
      counts {
        rows
        created
        updated
        unchanged
        error
      }
      progress {
        phase
        done
        total
      }
      rows(onlyErrors: $onlyErrors, first: 100, offset: $offset) {
        row
        outcome
        key
        cell
        message
        fix
      }
    }
  }
`);

export const ImportReportDocument = graphql(`
  query ImportReport($id: ID!) {
    importJob(id: $id) {
      id
      reportXlsx
    }
  }
`);

export const ImportTemplateDocument = graphql(`
  query ImportTemplate($kind: ImportKind!) {
    importTemplate(kind: $kind)
  }
`);

export const ImportUploadDocument = graphql(`
  mutation ImportUpload($content: String!, $fileName: String!, $kind: ImportKind!) {
    importUpload(content: $content, fileName: $fileName, kind: $kind) {
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

export const ImportApplyDocument = graphql(`
  mutation ImportApply($job: ID!) {
    importApply(job: $job) {
      errors {
        field
        code
        message
      }
    }
  }
`);

export const AuditLogDocument = graphql(`
  query AuditLog($action: String, $targetType: String, $first: Int, $offset: Int) {
    auditLog(action: $action, targetType: $targetType, first: $first, offset: $offset) {
      totalCount
      edges {
        node {
          id
          at
          action
          targetType
          target
          note
          before
          after
          actor {
            username
            displayName
            isSystem
          }
        }
      }
    }
  }
`);
