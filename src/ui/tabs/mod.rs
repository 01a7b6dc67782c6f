//! One module per tab.

pub mod claims;
pub mod letters;
pub mod station;
pub mod walkins;
