//! The `verbatim` command: parse arguments, run, turn the outcome into an exit code.

// glibc's allocator keeps freed memory from the indexing threads' arenas fragmented, so a long
// ingest's resident memory crept up with the file; mimalloc returns it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    verbatim::cli::run()
}
