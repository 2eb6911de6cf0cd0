// Documents the app shell needs (pages keep theirs beside them).
import { graphql } from "../graphql";

export const MeDocument = graphql(`
  query Me {
    me {
      username
      displayName
      tenant
      isSuperuser
      subjectId
      householdId
      childCount
      roles {
        role
        unit {
          id
          name
          kind
        }
      }
    }
  }
`);

export const RulesetTitlesDocument = graphql(`
  query RulesetTitles {
    rulesets {
      code
      title
      versions {
        number
        text
      }
    }
  }
`);
