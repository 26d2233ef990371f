//! The `linecard` binary: parse the command line, run it, exit with its code.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // `linecard report --json - | head` should stop quietly when `head` has
    // read enough, as other command-line tools do, not fail on a closed pipe.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread starts; SIG_DFL is a
    // valid action for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::ExitCode::from(linecard::app::main().code())
}
