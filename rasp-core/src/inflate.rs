//! Request bodies sent compressed. actix-web decodes a request body with
//! `Content-Encoding: gzip`, `deflate`, `br` or `zstd` before its
//! extractors (`web::Json`, `web::Form`, `Bytes`) hand it to the handler, by
//! default; axum and rocket do when the application adds tower-http's
//! `RequestDecompressionLayer` or decodes the body itself. Judged as
//! received, the compressed bytes hide any payload, so the body is judged
//! as the application reads it: decoded, up to `MAX_BODY_SIZE` bytes (a
//! decompression bomb costs that much and no more; what is past it is cut,
//! and the `format` check refuses a body that decodes past the limit).

use std::io::Read;

use crate::request::Request;

/// The request with its body decoded when `Content-Encoding` names codings
/// rasp decodes (each, last applied first); `None` when there is none, when
/// a coding is unknown, or when the body does not decode at all (the
/// application's decoder fails too, and the bytes are judged as they are).
/// A body that stops decoding part-way (cut by the size limit or corrupt)
/// keeps what was decoded, marked cut. Boxed: a request returned by value
/// was copied out with a call to `memcpy` on every request, decoded or not
/// (perf, actix demo).
pub(crate) fn inflated(req: &Request, limit: usize) -> Option<Box<Request>> {
    if req.body().is_empty() {
        return None;
    }
    let codings = req.header("content-encoding")?;
    let (body, cut) = decoded(codings, req.body(), req.body_truncated(), limit)?;
    Some(Box::new(req.clone().with_body(body, cut)))
}

/// Whether every coding of a `Content-Encoding` value is one rasp decodes
/// (or `identity`).
pub(crate) fn decodable(codings: &str) -> bool {
    codings.split(',').all(|c| {
        let c = c.trim();
        ["", "identity", "gzip", "x-gzip", "deflate", "br", "zstd"]
            .iter()
            .any(|k| c.eq_ignore_ascii_case(k))
    })
}

/// `body` with the codings of a `Content-Encoding` value undone, at most
/// `limit` bytes, and whether it is cut (`cut`, the body itself was, or it
/// stopped decoding part-way). `None` as for [`inflated`].
pub(crate) fn decoded(
    codings: &str,
    body: &[u8],
    cut: bool,
    limit: usize,
) -> Option<(Vec<u8>, bool)> {
    let mut body = std::borrow::Cow::Borrowed(body);
    let mut cut = cut;
    let mut decoded_any = false;
    for coding in codings.rsplit(',').map(str::trim) {
        let (out, complete) = match coding.to_ascii_lowercase().as_str() {
            "" | "identity" => continue,
            "gzip" | "x-gzip" => read_limited(flate2::read::MultiGzDecoder::new(&body[..]), limit),
            // HTTP's `deflate` is zlib's format; some clients send raw
            // deflate, which decoders accept too.
            "deflate" => match read_limited(flate2::read::ZlibDecoder::new(&body[..]), limit) {
                (out, _) if out.is_empty() => {
                    read_limited(flate2::read::DeflateDecoder::new(&body[..]), limit)
                }
                done => done,
            },
            "br" => read_limited(
                brotli_decompressor::Decompressor::new(&body[..], 4096),
                limit,
            ),
            // A window of at most 8 MiB (zstd's own levels use no more; a
            // frame that asks for more is judged as received): the decoder
            // keeps a window of history, and a hostile frame may ask 128 MiB.
            "zstd" => match ruzstd::decoding::StreamingDecoder::new_with_max_window_size(
                &body[..],
                8 << 20,
            ) {
                Ok(d) => read_limited(d, limit),
                Err(_) => (Vec::new(), false),
            },
            _ => return None,
        };
        if out.is_empty() && !complete {
            return None;
        }
        cut |= !complete;
        body = std::borrow::Cow::Owned(out);
        decoded_any = true;
    }
    decoded_any.then(|| (body.into_owned(), cut))
}

/// Reads at most `limit` bytes; whether the stream ended cleanly within it.
fn read_limited(r: impl Read, limit: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut r = r.take(limit as u64 + 1);
    let complete = r.read_to_end(&mut out).is_ok() && out.len() <= limit;
    out.truncate(limit);
    (out, complete)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn req(coding: &str, body: Vec<u8>) -> Request {
        Request::new("POST", "/", "127.0.0.1".parse().unwrap())
            .with_header("Content-Encoding", coding)
            .with_body(body, false)
    }

    fn gzip(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn each_coding_is_decoded() {
        let text = b"q=1' union select password from users--";
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(text).unwrap();
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        raw.write_all(text).unwrap();
        let mut br = Vec::new();
        brotli::BrotliCompress(&mut &text[..], &mut br, &Default::default()).unwrap();
        let zst = zstd::encode_all(&text[..], 3).unwrap();
        for (coding, body) in [
            ("br", br),
            ("zstd", zst),
            ("gzip", gzip(text)),
            ("x-gzip", gzip(text)),
            ("GZIP", gzip(text)),
            ("deflate", z.finish().unwrap()),
            ("deflate", raw.finish().unwrap()),
            ("identity, gzip", gzip(text)),
        ] {
            let r = inflated(&req(coding, body), 1 << 20).expect(coding);
            assert_eq!(r.body(), &text[..], "{coding}");
            assert!(!r.body_truncated());
        }
    }

    #[test]
    fn decodable_codings() {
        for ce in [
            "gzip", "GZIP", "identity", "gzip, br", "zstd", "deflate", "x-gzip",
        ] {
            assert!(decodable(ce), "{ce}");
        }
        for ce in ["compress", "gzip, compress", "exi"] {
            assert!(!decodable(ce), "{ce}");
        }
    }

    #[test]
    fn codings_are_undone_last_first() {
        let twice = gzip(&gzip(b"<svg onload=alert(1)>"));
        let r = inflated(&req("gzip, gzip", twice), 1 << 20).unwrap();
        assert_eq!(r.body(), &b"<svg onload=alert(1)>"[..]);
    }

    #[test]
    fn a_bomb_is_cut_at_the_limit() {
        let bomb = gzip(&vec![b'a'; 10 << 20]);
        assert!(bomb.len() < 20_000);
        let r = inflated(&req("gzip", bomb), 1 << 20).unwrap();
        assert_eq!(r.body().len(), 1 << 20);
        assert!(r.body_truncated());
    }

    #[test]
    fn unknown_or_undecodable_is_left_alone() {
        assert!(inflated(&req("compress", b"xyz".to_vec()), 1024).is_none());
        assert!(inflated(&req("gzip", b"not gzip at all".to_vec()), 1024).is_none());
        assert!(inflated(&req("identity", b"plain".to_vec()), 1024).is_none());
        let plain = Request::new("POST", "/", "127.0.0.1".parse().unwrap()).with_body("x", false);
        assert!(inflated(&plain, 1024).is_none());
    }

    #[test]
    fn a_cut_stream_keeps_what_decoded() {
        // Numbers that do not repeat: the first half of the stream holds
        // decodable blocks.
        let text: String = (0..20_000u64)
            .map(|i| format!("{} ", i * 7919 % 100_003))
            .collect();
        let mut g = gzip(text.as_bytes());
        g.truncate(g.len() / 2);
        let r = inflated(&req("gzip", g), 1 << 20).unwrap();
        assert!(r.body_truncated());
        assert!(!r.body().is_empty() && text.as_bytes().starts_with(r.body()));
    }
}
