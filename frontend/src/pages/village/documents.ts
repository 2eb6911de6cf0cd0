// The village's screens ask for exactly what they show.
import { graphql } from "../../graphql";

export const GridsDocument = graphql(`
  query VillageGrids {
    orgUnits(first: 500) {
      edges {
        node {
          id
          name
          kind
          depth
          parentId
        }
      }
    }
  }
`);

export const GridHouseholdsDocument = graphql(`
  query GridHouseholds($unit: ID!, $search: String, $offset: Int) {
    subjects(unit: $unit, kind: HOUSEHOLD, search: $search, first: 20, offset: $offset) {
      totalCount
      edges {
        node {
          id
          name
          phone
          homeUnit {
            name
          }
          members {
            id
          }
        }
      }
    }
  }
`);

export const HouseholdDocument = graphql(`
  query Household($id: ID!) {
    subject(id: $id) {
      id
      name
      kind
      phone
      homeUnit {
        id
        name
      }
      members {
        id
        name
        idCardLast4
        phone
      }
    }
    redeemableBalance(subject: $id) {
      earned
      spent
      available
      vetoed
      vetoItem
      vetoOn
      reset
      periodStart
      periodEnd
    }
    passbook(subject: $id) {
      on
      kind
      text
      points
      balance
    }
  }
`);

export const ShopDocument = graphql(`
  query ShopCatalogue($unit: ID!, $year: Int) {
    shopItems(unit: $unit) {
      id
      name
      points
      stock
      lowStock
      lowStockAt
      photoUrl
    }
    exchangeWindows(unit: $unit) {
      opensOn
      closesOn
    }
    pickupPoints(unit: $unit) {
      id
      name
      address
    }
    rewardBudget(unit: $unit, year: $year) {
      year
      capped
      capYuan
      spentYuan
      remainingYuan
      households
      householdsRedeemed
      shareRedeemed
    }
  }
`);

export const RedemptionMakeDocument = graphql(`
  mutation HouseholdRedeem($subject: ID!, $item: ID!, $key: String!, $pickupPoint: ID) {
    redemptionMake(subject: $subject, item: $item, key: $key, pickupPoint: $pickupPoint) {
      redemption {
        id
        status
        points
      }
      balance {
        available
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const RedemptionsDocument = graphql(`
  query ShopRedemptions($unit: ID!, $status: RedemptionStatus) {
    redemptions(unit: $unit, status: $status) {
      id
      subjectName
      quantity
      points
      status
      redeemedAt
      settledAt
      cancelReason
      item {
        id
        name
      }
      pickupPoint {
        name
      }
    }
  }
`);

export const HandOverDocument = graphql(`
  mutation RedemptionHandOver($redemption: ID!) {
    redemptionHandOver(redemption: $redemption) {
      redemption {
        id
        status
        settledAt
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const MarkReadyDocument = graphql(`
  mutation RedemptionMarkReady($redemption: ID!) {
    redemptionMarkReady(redemption: $redemption) {
      redemption {
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

export const CancelDocument = graphql(`
  mutation RedemptionCancel($redemption: ID!, $reason: String!) {
    redemptionCancel(redemption: $redemption, reason: $reason) {
      redemption {
        id
        status
        cancelReason
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const VillageRankingDocument = graphql(`
  query VillageRanking($unit: ID!) {
    villageRanking(unit: $unit) {
      ruleset
      periodStart
      periodEnd
      asOf
      households {
        subject {
          id
          name
          homeUnit {
            name
          }
        }
        total
        rank
        stars
        gained
        lost
      }
    }
  }
`);
