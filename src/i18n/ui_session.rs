//! The session's own strings: what another terminal changed about this clerk's account (a role
//! changed, the account disabled) as the open session learns it.

pub struct SessionUi {
    /// The status line when the role stored for this clerk changed since login.
    pub role_changed: &'static str,
    /// The lock screen's line for an account disabled while its session was open.
    pub lock_disabled: &'static str,
}

pub const ZH: SessionUi = SessionUi {
    role_changed: "角色已变更为{role}，可用的功能已随之调整",
    lock_disabled: "{name}（{login}）已停用，主管重新启用后可凭 PIN 解锁",
};

pub const EN: SessionUi = SessionUi {
    role_changed: "your role is now {role}: the tabs and keys follow it",
    lock_disabled: "{name} ({login}) is disabled until a supervisor enables it",
};

impl super::Lang {
    pub fn session(self) -> &'static SessionUi {
        match self {
            super::Lang::Zh => &ZH,
            super::Lang::En => &EN,
        }
    }
}
