//! The rooms: one folder per tab, each holding that tab's state, keys, update, replies, the
//! service that runs its effects against `db/`, its drawing and its tests. The shell in `app/`
//! dispatches to them with exhaustive matches on `Tab`.

pub mod admin;
pub mod claims;
pub mod letters;
pub mod station;
pub mod summary;
pub mod walkins;
