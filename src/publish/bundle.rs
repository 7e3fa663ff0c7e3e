//! Entry bundles: a tile's entries as their canonical bytes, each prefixed by its length as a
//! big-endian uint16 (C2SP tlog-tiles).

/// The largest entry a bundle can hold.
pub const MAX_ENTRY: usize = u16::MAX as usize;

/// Encodes entries into one bundle; `Err(i)` names the first entry too large for it.
pub fn encode<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Result<Vec<u8>, usize> {
    let mut out = Vec::new();
    for (i, bytes) in entries.into_iter().enumerate() {
        let len = u16::try_from(bytes.len()).map_err(|_| i)?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(bytes);
    }
    Ok(out)
}

/// Splits a bundle into its entries' bytes; refuses a bundle cut short.
pub fn decode(mut bytes: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let [a, b, rest @ ..] = bytes else {
            return Err(format!(
                "cut short after {} entries: a stray byte",
                out.len()
            ));
        };
        let len = usize::from(u16::from_be_bytes([*a, *b]));
        if rest.len() < len {
            return Err(format!(
                "cut short in entry {} of the bundle: {len} bytes announced, {} left",
                out.len() + 1,
                rest.len()
            ));
        }
        out.push(&rest[..len]);
        bytes = &rest[len..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_round_trip_and_refuse_truncation() {
        let entries: Vec<Vec<u8>> = vec![vec![1, 2, 3], vec![], vec![9; 300]];
        let bytes = encode(entries.iter().map(Vec::as_slice)).unwrap();
        assert_eq!(&bytes[..5], &[0, 3, 1, 2, 3]);
        assert_eq!(decode(&bytes).unwrap(), entries);
        for cut in 1..bytes.len() {
            let decoded = decode(&bytes[..cut]);
            assert!(
                decoded.is_err() || decoded.unwrap().len() < entries.len(),
                "cut at {cut}"
            );
        }
        assert_eq!(encode([&vec![0u8; MAX_ENTRY + 1][..]]), Err(0));
    }
}
