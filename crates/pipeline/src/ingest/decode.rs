//! Bytes → text: UTF-8 decoding with a clear verdict on binary input.

use crate::{Error, Result};

/// Decoded text and whether decoding had to replace invalid bytes.
#[derive(Debug)]
pub struct Decoded {
    /// The text (invalid UTF-8 sequences replaced by U+FFFD when `lossy`).
    pub text: String,
    /// True when the input was not valid UTF-8.
    pub lossy: bool,
}

/// How many leading bytes are inspected to decide whether an input is binary.
const SNIFF_BYTES: usize = 8 * 1024;

/// Refuse input that is clearly not text: a NUL byte, or many C0 control characters, in the
/// first 8 KiB. Text with a few stray control bytes passes (normalization removes them).
pub fn check_not_binary(bytes: &[u8], origin: &str) -> Result<()> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Some(pos) = memchr::memchr(0, head) {
        return Err(Error::Binary {
            origin: origin.to_string(),
            reason: format!("NUL byte at offset {pos}"),
        });
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if head.len() >= 64 && controls * 10 > head.len() {
        return Err(Error::Binary {
            origin: origin.to_string(),
            reason: format!("{controls} control bytes in the first {} bytes", head.len()),
        });
    }
    Ok(())
}

/// Decode `bytes` as UTF-8, lossily when it is not valid (the caller records a warning), and
/// refuse binary data.
pub fn decode(bytes: Vec<u8>, origin: &str) -> Result<Decoded> {
    check_not_binary(&bytes, origin)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded { text, lossy: false }),
        Err(e) => {
            let bytes = e.into_bytes();
            Ok(Decoded {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                lossy: true,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_kept() {
        let d = decode("Grüße, Kyiv".as_bytes().to_vec(), "t").unwrap();
        assert_eq!(d.text, "Grüße, Kyiv");
        assert!(!d.lossy);
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let d = decode(b"caf\xe9 au lait".to_vec(), "t").unwrap();
        assert_eq!(d.text, "caf\u{fffd} au lait");
        assert!(d.lossy);
    }

    #[test]
    fn binary_is_refused_with_the_reason() {
        let err = decode(b"PK\x03\x04\x00\x00garbage".to_vec(), "a.zip").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("a.zip") && msg.contains("NUL byte"), "{msg}");
        let controls: Vec<u8> = (0..200)
            .map(|i| if i % 3 == 0 { 1 } else { b'a' })
            .collect();
        assert!(matches!(decode(controls, "x"), Err(Error::Binary { .. })));
    }
}
