//! The `unkg` command-line tool. All logic lives in the library; see `unkg::cli`.

fn main() -> std::process::ExitCode {
    unkg::cli::main()
}
