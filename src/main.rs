//! The binary: parse the command line and hand over to the library.

fn main() -> std::process::ExitCode {
    frontdesk::process_setup();
    frontdesk::cli::main()
}
