// The school's screens ask for exactly what they show.
import { graphql } from "../../graphql";

export const SchoolUnitsDocument = graphql(`
  query SchoolUnits {
    orgUnits(first: 500) {
      edges {
        node {
          id
          name
          kind
          depth
        }
      }
    }
  }
`);

export const PupilLineFields = graphql(`
  fragment PupilLineFields on PupilLine {
    subject {
      id
      name
      category
    }
    total
    rank
    gained
    lost
    parentMeeting
    entries {
      on
      item
      title
      points
      recordedBy
      confirmed
    }
  }
`);

export const ClassWeekDocument = graphql(`
  query ClassWeek($unit: ID!, $on: Date) {
    classWeek(unit: $unit, on: $on) {
      ruleset
      start
      end
      pupils {
        ...PupilLineFields
      }
    }
  }
`);

export const ClassMonthDocument = graphql(`
  query ClassMonth($unit: ID!, $year: Int, $month: Int) {
    classMonth(unit: $unit, year: $year, month: $month) {
      start
      end
      pupils {
        ...PupilLineFields
      }
    }
  }
`);

export const TermPrizesDocument = graphql(`
  query TermPrizes($unit: ID!, $on: Date) {
    termPrizes(unit: $unit, on: $on) {
      level
      pupil {
        subject {
          id
          name
        }
        total
        rank
      }
    }
  }
`);

export const PupilReportDocument = graphql(`
  query PupilReport($pupil: ID!, $year: Int, $month: Int) {
    pupilMonthReport(pupil: $pupil, year: $year, month: $month) {
      year
      month
      classSize
      printUrl
      line {
        ...PupilLineFields
        subject {
          homeUnit {
            name
          }
        }
      }
    }
  }
`);

export const MyChildrenDocument = graphql(`
  query MyChildren {
    myChildren {
      id
      name
      homeUnit {
        name
      }
    }
  }
`);

export const TeacherRoutineDocument = graphql(`
  query TeacherRoutine($unit: ID!, $year: Int, $month: Int) {
    teacherRoutineMonth(unit: $unit, year: $year, month: $month) {
      standardFailures
      development
      grade
      award
      tied
      teacher {
        subject {
          id
          name
        }
        rank
        entries {
          on
          title
          points
          recordedBy
          confirmed
        }
      }
    }
  }
`);
