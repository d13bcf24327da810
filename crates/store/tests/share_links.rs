//! Share links: base64url, the payload, damaged links named.

use kpi_store::share::{LinkError, decode, encode, link_fragment, payload};

#[test]
fn base64url_round_trips_every_length_and_matches_the_standard() {
    for len in 0..200usize {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
        assert_eq!(decode(&encode(&bytes)), Some(bytes), "length {len}");
    }
    // RFC 4648's vectors, in the URL alphabet and unpadded.
    assert_eq!(encode(b"foob"), "Zm9vYg");
    assert_eq!(encode(b"fooba"), "Zm9vYmE");
    assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(decode("Zm9vYg=="), Some(b"foob".to_vec()));
    for bad in ["Zm9v+g", "Zm9v/g", "Zm9v Yg", "Z", "Zm9vY"] {
        assert_eq!(decode(bad), None, "{bad}");
    }
}

#[test]
fn a_link_carries_its_payload_and_a_damaged_one_is_named() {
    let fragment = link_fragment(&[1, 2, 3, 250]);
    assert!(fragment.starts_with("#/share/1."));
    assert_eq!(payload(&fragment), Some(Ok(vec![1, 2, 3, 250])));
    assert_eq!(payload("#/scheme"), None);
    assert_eq!(payload("#/share/1."), Some(Err(LinkError::Malformed)));
    assert_eq!(payload("#/share/1.AQID*"), Some(Err(LinkError::Malformed)));
    assert_eq!(payload("#/share/abc"), Some(Err(LinkError::Malformed)));
    assert_eq!(payload("#/share/2.AQID"), Some(Err(LinkError::Newer)));
}
