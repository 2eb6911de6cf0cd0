// The public pages read only public projections: the food-grade list and public boards.
import { graphql } from "../../graphql";

export const PublicFoodGradesDocument = graphql(`
  query PublicFoodGrades($name: String, $area: String, $page: Int, $pageSize: Int) {
    publicFoodGrades(name: $name, area: $area, page: $page, pageSize: $pageSize) {
      total
      page
      pageSize
      fields
      licence
      rows {
        name
        grade
        lastInspectedOn
        area
        address
        licenceNo
        businessType
      }
    }
  }
`);

export const PublicBoardsDocument = graphql(`
  query PublicBoards($first: Int, $offset: Int) {
    boards(first: $first, offset: $offset) {
      totalCount
      edges {
        node {
          id
          kind
          status
          public
          coversStart
          coversEnd
          closesOn
          unit {
            id
            name
          }
          declarations {
            id
            subjectName
            item
            occurredOn
            entries {
              points
            }
          }
          results {
            subjectName
            total
            grade
            rank
            stars
          }
        }
      }
    }
  }
`);
