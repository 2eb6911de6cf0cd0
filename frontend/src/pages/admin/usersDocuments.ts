import { graphql } from "../../graphql";

export const ManagedUsersDocument = graphql(`
  query ManagedUsers($search: String, $first: Int, $offset: Int) {
    users(search: $search, first: $first, offset: $offset) {
      totalCount
      edges {
        node {
          id
          username
          displayName
          phone
          isActive
          mustChangePassword
          roles {
            role
            unit {
              id
              name
            }
          }
        }
      }
    }
  }
`);

export const UserInviteDocument = graphql(`
  mutation UserInvite($username: String!, $displayName: String!, $phone: String, $role: Role!, $unit: ID!, $byLink: Boolean) {
    userInvite(username: $username, displayName: $displayName, phone: $phone, role: $role, unit: $unit, byLink: $byLink) {
      user {
        id
        username
      }
      initialPassword
      linkKey
      errors {
        field
        code
        message
      }
    }
  }
`);

export const UserPasswordResetDocument = graphql(`
  mutation UserPasswordReset($username: String!, $byLink: Boolean) {
    userPasswordReset(username: $username, byLink: $byLink) {
      user {
        id
        mustChangePassword
      }
      initialPassword
      linkKey
      errors {
        field
        code
        message
      }
    }
  }
`);

export const UserDeactivateDocument = graphql(`
  mutation UserDeactivate($username: String!, $active: Boolean) {
    userDeactivate(username: $username, active: $active) {
      user {
        id
        isActive
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const RoleGrantDocument = graphql(`
  mutation RoleGrant($username: String!, $role: Role!, $unit: ID!) {
    roleGrant(username: $username, role: $role, unit: $unit) {
      assignment {
        role
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const RoleRevokeDocument = graphql(`
  mutation RoleRevoke($username: String!, $role: Role!, $unit: ID!) {
    roleRevoke(username: $username, role: $role, unit: $unit) {
      revoked
      errors {
        field
        code
        message
      }
    }
  }
`);

export const PasswordSetWithLinkDocument = graphql(`
  mutation PasswordSetWithLink($key: String!, $password: String!) {
    passwordSetWithLink(key: $key, password: $password) {
      username
      errors {
        field
        code
        message
      }
    }
  }
`);
