import { graphql } from "../../graphql";

export const PersonDetailDocument = graphql(`
  query PersonDetail($id: ID!) {
    subject(id: $id) {
      id
      kind
      name
      category
      phone
      idCardLast4
      joinedOn
      leftOn
      exemptReason
      exemptApprovedBy
      exemptApprovedOn
      homeUnit {
        id
        name
      }
      hostUnit {
        id
        name
      }
    }
  }
`);

export const PersonCreateDocument = graphql(`
  mutation PersonCreate($input: PersonInput!) {
    personCreate(input: $input) {
      subject {
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

export const PersonUpdateDocument = graphql(`
  mutation PersonUpdate($id: ID!, $input: PersonInput!) {
    personUpdate(id: $id, input: $input) {
      subject {
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
