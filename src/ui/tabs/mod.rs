//! One module per tab.

pub mod walkins;
