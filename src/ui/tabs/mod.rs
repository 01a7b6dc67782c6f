//! One module per tab.

pub mod claims;
pub mod walkins;
