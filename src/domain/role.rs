//! Roles and what each may do.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Clerk,
    Supervisor,
    Volunteer,
    Auditor,
}

/// Something a role may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    WalkIns,
    QuickTicket,
    Claims,
    Letters,
    Station,
    Summary,
    Admin,
    ManageClerks,
    ReadAudit,
    Export,
    Import,
    CareOfData,
    SeePersonalData,
    Change,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Clerk, Role::Supervisor, Role::Volunteer, Role::Auditor];

    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
            Role::Volunteer => "volunteer",
            Role::Auditor => "auditor",
        }
    }

    pub fn may(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Supervisor => true,
            Role::Clerk => {
                matches!(p, WalkIns | QuickTicket | Claims | Letters | Station | SeePersonalData | Change)
            }
            Role::Volunteer => matches!(p, QuickTicket | Station | Change),
            Role::Auditor => matches!(p, Summary | Admin | ReadAudit),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.code() == s).ok_or_else(|| s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn roles_match_the_design() {
        assert!(Role::Supervisor.may(ManageClerks));
        assert!(!Role::Clerk.may(ManageClerks));
        assert!(!Role::Clerk.may(Summary));
        assert!(Role::Volunteer.may(Station) && Role::Volunteer.may(QuickTicket));
        assert!(!Role::Volunteer.may(Claims) && !Role::Volunteer.may(Letters));
        assert!(!Role::Volunteer.may(SeePersonalData));
        assert!(Role::Auditor.may(Summary) && Role::Auditor.may(ReadAudit));
        assert!(!Role::Auditor.may(SeePersonalData) && !Role::Auditor.may(Change));
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>(), Ok(r));
        }
    }
}
