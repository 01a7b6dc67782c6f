//! The rules of the work, pure: no terminal, no SQL, no clock (`today` and `now` are arguments).

pub mod calendar;
pub mod claim;
pub mod dates;
pub mod fund;
pub mod hardship;
pub mod id_number;
pub mod letter;
pub mod money;
pub mod phone;
pub mod pin;
pub mod role;
pub mod scrub;
pub mod station;
pub mod text;
pub mod walkin;
pub mod width;

pub use calendar::Calendar;
pub use id_number::{IdError, IdNumber};
pub use money::Fen;
pub use phone::Phone;
pub use role::{Permission, Role};
