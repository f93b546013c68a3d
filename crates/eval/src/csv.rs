//! The one CSV line splitter of the scorers (NewsWCL50 annotations, the name-matching
//! benchmark). Hand-written: the `csv` crate is not among the workspace's dependencies and
//! is not available offline, and the files read here have no quoted newlines.

/// Split one CSV line into its fields (RFC 4180 quoting, no embedded newlines).
pub(crate) fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_commas_and_doubled_quotes() {
        assert_eq!(
            csv_fields(r#"a,"b, c",,"say ""hi""""#),
            ["a", "b, c", "", r#"say "hi""#]
        );
        assert_eq!(
            csv_fields("a,\"b, c\",\"d\"\"e\""),
            vec!["a", "b, c", "d\"e"]
        );
        assert_eq!(csv_fields(""), [""]);
    }
}
