//! Reading a report file safely: bounded size, no binaries, UTF-8 only. The
//! bytes are kept exactly (a BOM included) so every span indexes the file.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a file could not be read as a report. `Display` names only the
/// problem; the caller prints the path.
#[derive(Debug)]
pub enum InputError {
    Io(std::io::Error),
    /// A FIFO, device, socket or directory: reading one may never end.
    NotAFile,
    TooLarge { size: u64, limit: u64 },
    Binary,
    NotUtf8 { line: usize, column: usize },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "cannot be read: {e}"),
            InputError::NotAFile => write!(f, "is not a regular file (a device, FIFO, socket or directory); refusing to read it"),
            InputError::TooLarge { size, limit } => {
                write!(
                    f,
                    "is {}, larger than the {} limit",
                    human_size(*size),
                    human_size(*limit)
                )
            }
            InputError::Binary => write!(f, "looks like a binary file (it contains a NUL byte)"),
            InputError::NotUtf8 { line, column } => {
                write!(
                    f,
                    "is not valid UTF-8 (first invalid byte at line {line}, column {column})"
                )
            }
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Binary units, as the policy's `max-file-size-mib` is given in MiB.
fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / (1u64 << 10) as f64),
        b => format!("{b} bytes"),
    }
}

/// Reads `path` as UTF-8 text of at most `max_bytes`. The size is checked on
/// the metadata first and the read is capped, so a huge (or growing) file is
/// never read whole.
pub fn read_source(path: &Path, max_bytes: u64) -> Result<String, InputError> {
    decode(read_bytes(path, max_bytes)?)
}

/// Reads at most `max_bytes` of the regular file at `path` (following
/// symlinks). Anything else is refused before it is opened: opening a FIFO
/// blocks, and a device such as `/dev/zero` never ends. The check is made
/// again on the open file, so a file swapped in between is refused too
/// (only a FIFO swapped in between can still block the open).
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, InputError> {
    if !std::fs::metadata(path).map_err(InputError::Io)?.is_file() {
        return Err(InputError::NotAFile);
    }
    let file = std::fs::File::open(path).map_err(InputError::Io)?;
    let meta = file.metadata().map_err(InputError::Io)?;
    if !meta.is_file() {
        return Err(InputError::NotAFile);
    }
    let size = meta.len();
    if size > max_bytes {
        return Err(InputError::TooLarge {
            size,
            limit: max_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(InputError::TooLarge {
            size: bytes.len() as u64,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// The checks of [`read_source`] on bytes already in memory.
pub fn decode(bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(InputError::Binary);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // `valid` is valid UTF-8 by definition.
        let text = std::str::from_utf8(valid).unwrap_or_default();
        let line = text.matches('\n').count() + 1;
        let line_start = text.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..].chars().count() + 1;
        InputError::NotUtf8 { line, column }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_and_messages() {
        let dir = std::env::temp_dir().join(format!("pirlint-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.md");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(50 << 20).unwrap(); // sparse: nothing is written
        let e = read_source(&big, 10 << 20).unwrap_err();
        assert_eq!(e.to_string(), "is 50.0 MiB, larger than the 10.0 MiB limit");
        let ok = dir.join("ok.md");
        std::fs::write(&ok, "\u{feff}# Title\n").unwrap();
        assert_eq!(read_source(&ok, 100).unwrap(), "\u{feff}# Title\n");
        let e = read_source(&dir.join("missing.md"), 100).unwrap_err();
        assert!(matches!(e, InputError::Io(_)));
        assert!(e.to_string().starts_with("cannot be read"));
        std::fs::remove_dir_all(&dir).unwrap();

        assert!(matches!(decode(b"ab\0c".to_vec()), Err(InputError::Binary)));
        let e = decode(b"line one\nab\xffc".to_vec()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "is not valid UTF-8 (first invalid byte at line 2, column 3)"
        );
        let e = decode(b"\xc3\xa9\n\xc3\xa9x\x80".to_vec()).unwrap_err();
        assert!(
            matches!(e, InputError::NotUtf8 { line: 2, column: 3 }),
            "{e}"
        );
        assert_eq!(decode(Vec::new()).unwrap(), "");
    }
}
