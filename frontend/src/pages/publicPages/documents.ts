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
          declarations(first: 100) {
            id
            subjectName
            item
            occurredOn
            entries {
              points
            }
          }
          results(first: 100) {
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

export const PublicVillageBoardDocument = graphql(`
  query PublicVillageBoard($month: Date) {
    publicVillageBoard(month: $month) {
      month
      published
      reason
      red {
        rank
        household
        group
        points
      }
      black {
        item
        group
        occurredOn
        points
      }
    }
  }
`);
