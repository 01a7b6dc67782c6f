//! The kiosk application: state, actions, keymap and the event loop.

pub fn run_tui(_ctx: &crate::cli::Ctx) -> anyhow::Result<()> {
    anyhow::bail!("the kiosk screen is not built yet")
}
